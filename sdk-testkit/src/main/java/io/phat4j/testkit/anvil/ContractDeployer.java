package io.phat4j.testkit.anvil;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Deploys committed contract artifacts to an {@link AnvilNode} from one of its dev accounts.
 *
 * <p>Transactions are signed locally (EIP-155, the node's chain id), as a real deployment would
 * be, and the deployer waits for the receipt and fails unless the deployment succeeded.
 */
public final class ContractDeployer {
  private static final BigInteger GAS_LIMIT = BigInteger.valueOf(29_000_000);

  private final AnvilNode node;
  private final TransactionManager transactions;

  /**
   * Creates a deployer sending from {@code from}.
   *
   * @param node the node to deploy to
   * @param from the sending account
   */
  public ContractDeployer(AnvilNode node, DevAccount from) {
    this.node = Objects.requireNonNull(node, "node");
    this.transactions = transactionManager(node, from);
  }

  /**
   * Returns a transaction manager that signs with a dev account's key and waits for receipts.
   *
   * @param node the node to send to
   * @param from the sending account
   * @return the transaction manager
   */
  public static TransactionManager transactionManager(AnvilNode node, DevAccount from) {
    return new RawTransactionManager(
        node.web3j(),
        from.credentials(),
        node.chainId(),
        new PollingTransactionReceiptProcessor(node.web3j(), 50, 2400));
  }

  /**
   * Deploys a contract and returns its address.
   *
   * @param artifact the compiled contract
   * @param constructorArgs the constructor's arguments as web3j ABI types (empty for none)
   * @return the new contract's address, lower-case {@code 0x}-hex
   * @throws AnvilException when the transaction fails or reverts
   */
  public String deploy(ContractArtifact artifact, List<? extends Type<?>> constructorArgs) {
    String args = constructorArgs.isEmpty() ? "" : FunctionEncoder.encodeConstructor(List.copyOf(constructorArgs));
    String data = artifact.bytecode() + args;
    TransactionReceipt receipt;
    try {
      BigInteger gasPrice = node.web3j().ethGasPrice().send().getGasPrice();
      EthSendTransaction sent =
          transactions.sendTransaction(gasPrice.multiply(BigInteger.TWO), GAS_LIMIT, null, data, BigInteger.ZERO, true);
      if (sent.hasError()) {
        throw new AnvilException("deploying " + artifact.contractName() + " failed: " + sent.getError().getMessage());
      }
      receipt =
          new PollingTransactionReceiptProcessor(node.web3j(), 50, 2400)
              .waitForTransactionReceipt(sent.getTransactionHash());
    } catch (IOException | org.web3j.protocol.exceptions.TransactionException e) {
      throw new AnvilException("deploying " + artifact.contractName() + " failed: " + e.getMessage(), e);
    }
    if (!receipt.isStatusOK() || receipt.getContractAddress() == null) {
      throw new AnvilException(
          "deploying " + artifact.contractName() + " reverted (tx " + receipt.getTransactionHash() + ")");
    }
    return receipt.getContractAddress().toLowerCase(Locale.ROOT);
  }
}

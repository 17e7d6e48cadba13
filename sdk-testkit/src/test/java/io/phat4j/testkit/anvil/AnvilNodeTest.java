package io.phat4j.testkit.anvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.TransactionManager;

@ExtendWith(AnvilExtension.class)
class AnvilNodeTest {
  private static final ContractArtifact COUNTER =
      ContractArtifact.fromClasspath("/io/phat4j/testkit/anvil/artifacts/Counter.json");

  @Test
  void answersOnLoopbackWithTheConfiguredChainIdAndFundedAccounts(AnvilNode node) throws Exception {
    assertThat(node.rpcUrl()).startsWith("http://127.0.0.1:");
    assertThat(node.web3j().ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(31337));
    assertThat(node.accounts()).hasSize(10);
    for (DevAccount a : node.accounts()) {
      assertThat(a.credentials().getAddress()).isEqualTo(a.address());
      BigInteger balance =
          node.web3j().ethGetBalance(a.address(), DefaultBlockParameterName.LATEST).send().getBalance();
      assertThat(balance).isPositive();
    }
    assertThat(node.account(0).toString()).doesNotContain(node.account(0).credentials().getEcKeyPair().getPrivateKey().toString(16));
    assertThatThrownBy(() -> node.account(10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deploysAnArtifactWithConstructorArgumentsAndCallsIt(AnvilNode node) throws Exception {
    String address = node.deploy(COUNTER, new Uint256(41));
    assertThat(address).matches("0x[0-9a-f]{40}");
    assertThat(call(node, address, "count")).isEqualTo(new Uint256(41));
    assertThat(call(node, address, "creator")).isEqualTo(new Address(node.account(0).address()));

    TransactionManager tm = ContractDeployer.transactionManager(node, node.account(1));
    String data = FunctionEncoder.encode(new Function("increment", List.of(new Uint256(1)), List.of()));
    EthSendTransaction sent = tm.sendTransaction(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(200_000), address, data, BigInteger.ZERO);
    TransactionReceipt receipt = node.web3j().ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt().orElseThrow();
    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(call(node, address, "count")).isEqualTo(new Uint256(42));
  }

  @Test
  void revertRemovesBlocksMinedAfterTheSnapshot(AnvilNode node) {
    long start = node.blockNumber();
    String snapshot = node.snapshot();
    node.mine(5);
    assertThat(node.blockNumber()).isEqualTo(start + 5);
    node.revert(snapshot);
    assertThat(node.blockNumber()).isEqualTo(start);
    // anvil forgets a snapshot once it has been used
    assertThatThrownBy(() -> node.revert(snapshot)).isInstanceOf(AnvilException.class).hasMessageContaining(snapshot);
    assertThatThrownBy(() -> node.mine(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAutomineATransactionWaitsForTheNextBlock(AnvilNode node) throws Exception {
    String snapshot = node.snapshot();
    try {
      node.setAutomine(false);
      long before = node.blockNumber();
      String hash =
          node.web3j()
              .ethSendTransaction(
                  Transaction.createEtherTransaction(
                      node.account(2).address(), null, null, BigInteger.valueOf(21_000), node.account(3).address(), BigInteger.ONE))
              .send()
              .getTransactionHash();
      assertThat(node.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt()).isEmpty();
      node.mine(1);
      assertThat(node.blockNumber()).isEqualTo(before + 1);
      assertThat(node.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt()).isPresent();
    } finally {
      node.setAutomine(true);
      node.revert(snapshot);
    }
  }

  @Test
  void anUnknownMethodIsATypedError(AnvilNode node) {
    assertThatThrownBy(() -> node.call("phat4j_noSuchMethod", List.of()))
        .isInstanceOf(AnvilException.class)
        .hasMessageContaining("phat4j_noSuchMethod");
  }

  @Test
  void aSecondNodeIsIndependentAndStopsOnClose(AnvilNode shared) {
    AnvilNode other = AnvilNode.builder().chainId(2035).accounts(2).start();
    try {
      assertThat(other.rpcUrl()).isNotEqualTo(shared.rpcUrl());
      assertThat(other.chainId()).isEqualTo(2035);
      assertThat(other.accounts()).hasSize(2);
      other.mine(3);
      assertThat(other.blockNumber()).isEqualTo(3);
    } finally {
      other.close();
    }
    assertThat(other.isRunning()).isFalse();
    other.close(); // idempotent
    assertThatThrownBy(other::blockNumber).isInstanceOf(AnvilException.class);
  }

  private static Type<?> call(AnvilNode node, String to, String fn) throws Exception {
    Function f =
        new Function(
            fn,
            List.of(),
            List.of(fn.equals("creator") ? new TypeReference<Address>() {} : new TypeReference<Uint256>() {}));
    String reply =
        node.web3j()
            .ethCall(Transaction.createEthCallTransaction(null, to, FunctionEncoder.encode(f)), DefaultBlockParameterName.LATEST)
            .send()
            .getValue();
    return FunctionReturnDecoder.decode(reply, f.getOutputParameters()).get(0);
  }
}

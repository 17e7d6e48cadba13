package io.phat4j.devnet.internal;

import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.kms.DstackKms;
import io.phat4j.contracts.kms.KmsInfo;
import io.phat4j.core.Bytes32;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.testkit.anvil.AnvilNode;
import io.phat4j.testkit.anvil.ContractArtifact;
import io.phat4j.testkit.anvil.ContractDeployer;
import io.phat4j.testkit.anvil.DevAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.tx.TransactionManager;
import org.web3j.utils.Numeric;

/**
 * The devnet's chain: an anvil node with funded dev accounts, our {@code DstackApp} implementation
 * and {@code DstackKms} (behind an ERC-1967 proxy, owned by dev account 0) deployed from the
 * committed artifacts, the KMS root published in {@code kmsInfo} and the OS image allowed.
 */
public final class DevnetChain implements AutoCloseable {
  private static final String ARTIFACTS = "/io/phat4j/contracts/artifacts/";

  private final AnvilNode node;
  private final ChainClient client;
  private final EvmAddress kms;
  private final EvmAddress appImplementation;

  /**
   * Starts anvil and deploys the contracts.
   *
   * @param anvil the anvil binary
   * @param chainId the chain id
   * @param kmsRoot the KMS root to publish
   * @param osImageHash the OS image to allow
   */
  public DevnetChain(Path anvil, long chainId, Secp256k1PublicKey kmsRoot, Bytes32 osImageHash) {
    this.node = AnvilNode.builder().executable(anvil).chainId(chainId).start();
    try {
      this.client = ChainClient.builder().rpcUrl(node.rpcUrl()).pollInterval(Duration.ofMillis(20)).build();
      DevAccount owner = node.account(0);
      this.appImplementation = EvmAddress.fromHex(node.deploy(artifact("DstackApp")));
      String kmsImpl = node.deploy(artifact("DstackKms"));
      Function init = new Function("initialize",
          List.of(new Address(owner.address()), new Address(appImplementation.toString())), List.of());
      this.kms = EvmAddress.fromHex(node.deploy(artifact("ERC1967Proxy"), new Address(kmsImpl),
          new DynamicBytes(Numeric.hexStringToByteArray(FunctionEncoder.encode(init)))));
      TransactionManager tm = ContractDeployer.transactionManager(node, owner);
      DstackKms contract = DstackKms.at(client, kms);
      contract.setKmsInfo(tm, new KmsInfo(kmsRoot.compressed(), new byte[0], new byte[0], new byte[0]));
      contract.addOsImageHash(tm, osImageHash);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private static ContractArtifact artifact(String name) {
    return ContractArtifact.fromClasspath(ARTIFACTS + name + ".json");
  }

  /** @return the JSON-RPC URL */
  public String rpcUrl() {
    return node.rpcUrl();
  }

  /** @return the chain id */
  public long chainId() {
    return node.chainId();
  }

  /** @return the DstackKms proxy address */
  public EvmAddress kms() {
    return kms;
  }

  /** @return the DstackApp implementation the KMS factory clones */
  public EvmAddress appImplementation() {
    return appImplementation;
  }

  /** @return anvil's funded dev accounts */
  public List<DevAccount> accounts() {
    return node.accounts();
  }

  /** @return the chain client the devnet uses */
  public ChainClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    node.close();
  }
}

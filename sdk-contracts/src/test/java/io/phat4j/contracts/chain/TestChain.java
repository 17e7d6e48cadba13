package io.phat4j.contracts.chain;

import io.phat4j.testkit.anvil.AnvilNode;
import io.phat4j.testkit.anvil.ContractArtifact;
import io.phat4j.testkit.anvil.ContractDeployer;
import io.phat4j.testkit.anvil.DevAccount;
import java.time.Duration;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.tx.TransactionManager;
import org.web3j.utils.Numeric;

/** Deploys the committed contracts to a test node. */
public final class TestChain {
  public static final ContractArtifact APP = artifact("DstackApp");
  public static final ContractArtifact KMS = artifact("DstackKms");
  public static final ContractArtifact PROXY = artifact("ERC1967Proxy");

  private TestChain() {}

  public static ContractArtifact artifact(String name) {
    return ContractArtifact.fromClasspath("/io/phat4j/contracts/artifacts/" + name + ".json");
  }

  public static ChainClient client(AnvilNode node) {
    return ChainClient.builder().rpcUrl(node.rpcUrl()).pollInterval(Duration.ofMillis(20)).build();
  }

  public static TransactionManager signer(AnvilNode node, DevAccount account) {
    return ContractDeployer.transactionManager(node, account);
  }

  /** Deploys an implementation behind an ERC1967 proxy initialised with {@code init}. */
  public static EvmAddress proxy(AnvilNode node, ContractArtifact implementation, Function init) {
    String impl = node.deploy(implementation);
    String proxy =
        node.deploy(PROXY, new Address(impl), new DynamicBytes(Numeric.hexStringToByteArray(FunctionEncoder.encode(init))));
    return EvmAddress.fromHex(proxy);
  }

  /** A DstackApp owned by {@code owner}, with one compose hash and one device allowed. */
  public static EvmAddress app(AnvilNode node, DevAccount owner, byte[] composeHash, byte[] deviceId) {
    Function init =
        new Function(
            "initialize",
            List.of(new Address(owner.address()), new Bool(false), new Bool(false), new Bytes32(deviceId), new Bytes32(composeHash)),
            List.of());
    return proxy(node, APP, init);
  }

  /** 32 bytes filled with {@code b}. */
  public static byte[] fill(int b) {
    byte[] out = new byte[32];
    java.util.Arrays.fill(out, (byte) b);
    return out;
  }
}

package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.contracts.rollup.QueueState;
import io.phat4j.contracts.rollup.RollupAction;
import io.phat4j.contracts.rollup.RollupBatch;
import io.phat4j.contracts.rollup.RollupQueueKeys;
import io.phat4j.contracts.rollup.RollupSubmitter;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.testkit.anvil.AnvilExtension;
import io.phat4j.testkit.anvil.AnvilNode;
import io.phat4j.testkit.anvil.ContractArtifact;
import io.phat4j.testkit.anvil.ContractDeployer;
import io.phat4j.testkit.anvil.DevAccount;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;

@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The example consumer's reply layout: abi.encode(uint256 requestId, bytes result). */
  private static final byte[] REPLY = Hex.decode("reply", FunctionEncoder.encodeConstructor(List.of(
      new org.web3j.abi.datatypes.generated.Uint256(0), new DynamicBytes("world".getBytes(StandardCharsets.UTF_8)))));

  private String rpc;
  private String anchor;
  private TxReceipt request0;
  private TxReceipt direct;
  private TxReceipt meta;
  private DevAccount attestor;
  private DevAccount relayer;

  @BeforeAll
  void chainWithTwoRollups(AnvilNode node) {
    rpc = node.rpcUrl();
    DevAccount admin = node.account(0);
    attestor = node.account(1);
    relayer = node.account(2);
    anchor = new ContractDeployer(node, admin).deploy(
        ContractArtifact.fromClasspath("/io/phat4j/contracts/artifacts/RollupConsumer.json"),
        List.of(new Address(admin.address()), new Address(attestor.address())));
    try (ChainClient chain = ChainClient.builder().rpcUrl(rpc).build()) {
      EvmAddress a = EvmAddress.fromHex(anchor);
      RollupSubmitter submitter = RollupSubmitter.builder().chain(chain).anchor(a).build();
      request0 = chain.transact(ContractDeployer.transactionManager(node, node.account(3)), a,
          Hex.decode("calldata", FunctionEncoder.encode(new Function("request",
              List.of(new DynamicBytes("hello".getBytes(StandardCharsets.UTF_8))), List.of()))), List.of());
      QueueState q = submitter.reader().queue(BlockRef.latest());
      RollupBatch batch = submitter.lockedBatch(BlockRef.latest(), List.of(RollupQueueKeys.head()), List.of(),
          List.of(RollupAction.reply(REPLY), RollupAction.setQueueHead(q.tail())));
      direct = submitter.submit(batch, ContractDeployer.transactionManager(node, attestor));
      RollupBatch grant = new RollupBatch(List.of(), List.of(),
          List.of(RollupAction.grantAttestor(EvmAddress.fromHex(relayer.address()))));
      Secp256k1PrivateKey key = Secp256k1PrivateKey.of(org.web3j.utils.Numeric.toBytesPadded(
          attestor.credentials().getEcKeyPair().getPrivateKey(), 32));
      meta = submitter.submitMetaTx(grant, key, ContractDeployer.transactionManager(node, relayer));
    }
  }

  @Test
  void readRequestsPrintsOneLinePerRequest() throws Exception {
    CliRunner.Result r = CliRunner.run("read-requests", "--rpc", rpc, "--anchor", anchor);
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> lines = lines(r.out());
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("index").asLong()).isZero();
    assertThat(lines.get(0).get("data").asText()).isEqualTo(Hex.encode0x("hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(lines.get(0).get("block").asLong()).isEqualTo(request0.blockNumber());
    assertThat(lines.get(0).get("tx").asText()).isEqualTo("0x" + request0.transactionHash().hex());
  }

  @Test
  void readResultsPrintsEveryActionInChainOrder() throws Exception {
    CliRunner.Result r = CliRunner.run("read-results", "--rpc", rpc, "--anchor", anchor, "--from-block", "0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> lines = lines(r.out());
    assertThat(lines).extracting(l -> l.get("action").asText())
        .containsExactly("reply", "set_queue_head", "grant_attestor");
    assertThat(lines.get(0).get("payload").asText()).isEqualTo(Hex.encode0x(REPLY));
    assertThat(lines.get(0).get("tx").asText()).isEqualTo("0x" + direct.transactionHash().hex());
    assertThat(lines.get(0).get("attestor").asText()).isEqualTo(attestor.address());
    assertThat(lines.get(1).get("payload").asText()).isEqualTo(Hex.encode0x(RollupQueueKeys.uint32Value(1)));
    JsonNode grant = lines.get(2);
    assertThat(grant.get("tx").asText()).isEqualTo("0x" + meta.transactionHash().hex());
    assertThat(grant.get("block").asLong()).isEqualTo(meta.blockNumber());
    assertThat(grant.get("via").asText()).isEqualTo("meta_tx");
    assertThat(grant.get("attestor").asText()).isEqualTo(attestor.address());
    assertThat(grant.get("submitter").asText()).isEqualTo(relayer.address());
    assertThat(grant.get("signature_verified").asBoolean()).isTrue();

    CliRunner.Result byBlocks = CliRunner.run("read-results", "--rpc", rpc, "--anchor", anchor, "--discovery", "blocks");
    assertThat(byBlocks.exitCode()).as(byBlocks.err()).isZero();
    assertThat(byBlocks.out()).isEqualTo(r.out());
  }

  @Test
  void blockRangeLimitsTheOutput() throws Exception {
    String block = Long.toString(direct.blockNumber());
    CliRunner.Result r = CliRunner.run("read-results", "--rpc", rpc, "--anchor", anchor,
        "--from-block", block, "--to-block", block);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(lines(r.out())).extracting(l -> l.get("action").asText()).containsExactly("reply", "set_queue_head");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(CliRunner.run("read-results", "--rpc", rpc, "--anchor", "0x1234").exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("read-requests", "--rpc", rpc).exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("read-results", "--rpc", rpc, "--anchor", anchor, "--from-block", "5", "--to-block", "4")
        .exitCode()).isEqualTo(2);
    CliRunner.Result unreachable = CliRunner.run("read-requests", "--rpc", "http://127.0.0.1:9", "--anchor", anchor);
    assertThat(unreachable.exitCode()).isEqualTo(2);
    assertThat(unreachable.err()).contains("cannot reach");
  }

  @Test
  void anAddressWithoutCode_exits1NamingAddressAndChain() {
    // Without the check a wrong address or chain would print nothing and exit 0, like "no results yet".
    for (String command : List.of("read-results", "read-requests")) {
      CliRunner.Result r = CliRunner.run(command, "--rpc", rpc, "--anchor", relayer.address());
      assertThat(r.exitCode()).as(command).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().strip()).isEqualTo("error: no contract at " + relayer.address().toLowerCase() + " on chain 31337");
    }
  }

  private static List<JsonNode> lines(String out) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }
}

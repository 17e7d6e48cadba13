package io.phat4j.contracts.chain;

import static io.phat4j.contracts.chain.TestChain.fill;
import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.testkit.anvil.AnvilExtension;
import io.phat4j.testkit.anvil.AnvilNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.tx.TransactionManager;
import org.web3j.utils.Numeric;

@ExtendWith(AnvilExtension.class)
class LogScanTest {
  static final Event COMPOSE_HASH_ADDED = new Event("ComposeHashAdded", List.of(new TypeReference<Bytes32>() {}));
  static final Event POLICY_CHANGED =
      new Event(
          "PolicyChanged",
          List.of(
              new TypeReference<Address>(true) {},
              new TypeReference<Bytes32>(true) {},
              new TypeReference<Bytes32>(true) {},
              new TypeReference<Bool>() {}));

  static byte[] hash(int i) {
    byte[] h = fill(0);
    h[0] = (byte) 0xc0;
    h[31] = (byte) i;
    return h;
  }

  /** Adds {@code n} compose hashes, one per block; returns the block of the first. */
  static long addHashes(ChainClient chain, AnvilNode node, EvmAddress app, int n) {
    TransactionManager tm = TestChain.signer(node, node.account(0));
    long first = -1;
    for (int i = 0; i < n; i++) {
      byte[] data =
          Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("addComposeHash", List.of(new Bytes32(hash(i))), List.of())));
      TxReceipt r = chain.transact(tm, app, data, List.of());
      if (first < 0) {
        first = r.blockNumber();
      }
    }
    return first;
  }

  @Test
  void scansInSmallChunksInChainOrderAndDecodesEvents(AnvilNode node) {
    try (ChainClient chain = TestChain.client(node)) {
      EvmAddress app = TestChain.app(node, node.account(0), fill(1), fill(2));
      long first = addHashes(chain, node, app, 12);
      LogScan scan = chain.scanLogs(LogQuery.of(app).events(COMPOSE_HASH_ADDED).fromBlock(first).chunkSize(5).build());
      List<ChainLog> logs = scan.stream().toList();
      assertThat(logs).hasSize(12);
      assertThat(scan.requests()).isEqualTo((scan.toBlock() - first) / 5 + 1);
      for (int i = 0; i < 12; i++) {
        assertThat(logs.get(i).blockNumber()).isEqualTo(first + i);
        assertThat(logs.get(i).decode(COMPOSE_HASH_ADDED)).containsExactly(new Bytes32(hash(i)));
      }
      // both events from each transaction, in log-index order within the block
      List<ChainLog> both = chain.scanLogs(LogQuery.of(app).events(COMPOSE_HASH_ADDED, POLICY_CHANGED).fromBlock(first).build()).stream().toList();
      assertThat(both).hasSize(24);
      assertThat(both.get(0).is(COMPOSE_HASH_ADDED)).isTrue();
      List<Type<?>> policy = both.get(1).decode(POLICY_CHANGED);
      assertThat(policy.get(0)).isEqualTo(new Address(node.account(0).address()));
      assertThat(policy.get(1)).isEqualTo(new Bytes32(org.web3j.crypto.Hash.sha3("compose-hash".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      assertThat(policy.get(2)).isEqualTo(new Bytes32(hash(0)));
      assertThat(policy.get(3)).isEqualTo(new Bool(true));
    }
  }

  @Test
  void confirmationDepthAndToBlockBoundTheRangeAndTheConsumerFormResumes(AnvilNode node) {
    try (ChainClient chain = TestChain.client(node)) {
      EvmAddress app = TestChain.app(node, node.account(0), fill(1), fill(2));
      long first = addHashes(chain, node, app, 6);
      LogQuery.Builder q = LogQuery.of(app).events(COMPOSE_HASH_ADDED).fromBlock(first).chunkSize(2);
      List<ChainLog> seen = new ArrayList<>();
      long end = chain.scanLogs(q.confirmations(2).build(), seen::add);
      assertThat(end).isEqualTo(chain.blockNumber() - 2);
      assertThat(seen).hasSize(4);
      // resume after two more blocks: the next scan picks up exactly the rest
      node.mine(2);
      long end2 = chain.scanLogs(q.fromBlock(end + 1).confirmations(2).build(), seen::add);
      assertThat(end2).isEqualTo(end + 2);
      assertThat(seen).hasSize(6);
      assertThat(seen.stream().map(ChainLog::blockNumber).distinct().count()).isEqualTo(6);
      // an explicit toBlock limits the scan further
      assertThat(chain.scanLogs(LogQuery.of(app).events(COMPOSE_HASH_ADDED).fromBlock(first).toBlock(first + 2L).build()).stream()).hasSize(3);
      // a confirmation depth deeper than the range leaves nothing
      LogScan none = chain.scanLogs(LogQuery.of(app).fromBlock(first).confirmations(1000).build());
      assertThat(none.hasNext()).isFalse();
      assertThat(none.toBlock()).isLessThan(first);
    }
  }

  @Test
  void aRevertedSnapshotRemovesLogsFromLaterScans(AnvilNode node) {
    try (ChainClient chain = TestChain.client(node)) {
      EvmAddress app = TestChain.app(node, node.account(0), fill(1), fill(2));
      String snapshot = node.snapshot();
      long first = addHashes(chain, node, app, 3);
      LogQuery q = LogQuery.of(app).events(COMPOSE_HASH_ADDED).fromBlock(first).build();
      assertThat(chain.scanLogs(q).stream()).hasSize(3);
      node.revert(snapshot);
      assertThat(chain.scanLogs(q).stream()).isEmpty();
    }
  }
}

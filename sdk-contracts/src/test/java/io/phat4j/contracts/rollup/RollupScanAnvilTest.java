package io.phat4j.contracts.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.testkit.anvil.AnvilExtension;
import io.phat4j.testkit.anvil.AnvilNode;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 10,000 results over 2,000+ blocks, read as a stream in bounded chunks. */
@ExtendWith(AnvilExtension.class)
class RollupScanAnvilTest {

  @Test
  void readsTenThousandResultsInBoundedChunks(AnvilNode node) throws Exception {
    try (RollupFixture f = new RollupFixture(node)) {
      long start = f.chain.blockNumber() + 1;
      // 100 transactions of 100 replies, 5 transactions per block, 100 empty blocks after each.
      List<TxReceipt> receipts = RollupBulkLoad.load(f, 100, 100, 5, 100);
      long end = f.chain.blockNumber();
      assertThat(end - start).isGreaterThan(2_000);

      try (FlakyRpcProxy proxy = new FlakyRpcProxy(node.rpcUrl());
          ChainClient counted = ChainClient.builder().rpcUrl(proxy.url()).build()) {
        RollupAnchorReader reader = RollupAnchorReader.builder()
            .chain(counted).anchor(f.anchor).chunkSize(250).build();
        AtomicLong results = new AtomicLong();
        AtomicLong nextId = new AtomicLong();
        AtomicLong commits = new AtomicLong();
        long last = reader.scanCommits(start, end, commit -> {
          commits.incrementAndGet();
          for (RollupResult r : commit.results()) {
            // Chain order: request ids come back exactly in the order they were committed.
            BigInteger id = new BigInteger(1, java.util.Arrays.copyOfRange(r.action().payload(), 0, 32));
            assertThat(id.longValueExact()).isEqualTo(nextId.getAndIncrement());
            results.incrementAndGet();
          }
        });
        assertThat(last).isEqualTo(end);
        assertThat(results.get()).isEqualTo(10_000);
        assertThat(commits.get()).isEqualTo(receipts.size());
        // Bounded: the range was read in chunks of at most 250 blocks, one transaction fetch per commit.
        assertThat(proxy.calls("eth_getLogs")).isGreaterThanOrEqualTo((int) ((end - start + 1) / 250));
        assertThat(proxy.calls("eth_getTransactionByHash")).isEqualTo(receipts.size());
      }
    }
  }
}

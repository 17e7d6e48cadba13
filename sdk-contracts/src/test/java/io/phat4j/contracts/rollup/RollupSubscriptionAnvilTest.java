package io.phat4j.contracts.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.core.PhalaException;
import io.phat4j.testkit.anvil.AnvilExtension;
import io.phat4j.testkit.anvil.AnvilNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AnvilExtension.class)
class RollupSubscriptionAnvilTest {
  private RollupFixture f;
  private String snapshot;

  @BeforeEach
  void deploy(AnvilNode node) {
    snapshot = node.snapshot();
    f = new RollupFixture(node);
  }

  @AfterEach
  void reset(AnvilNode node) {
    f.close();
    node.revert(snapshot);
  }

  /** Collects what the subscription delivers. */
  static final class Recorder implements RollupListener {
    final List<QueuedRequest> requests = new CopyOnWriteArrayList<>();
    final List<RollupCommit> commits = new CopyOnWriteArrayList<>();
    final List<Long> reorgs = new CopyOnWriteArrayList<>();
    final List<PhalaException> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onRequest(QueuedRequest request) {
      requests.add(request);
    }

    @Override
    public void onCommit(RollupCommit commit) {
      commits.add(commit);
    }

    @Override
    public void onReorg(long fromBlock) {
      reorgs.add(fromBlock);
    }

    @Override
    public void onError(PhalaException error) {
      errors.add(error);
    }
  }

  @Test
  void deliversInOrderAndReplaysAfterAReorg() {
    long start = f.chain.blockNumber() + 1;
    Recorder rec = new Recorder();
    try (RollupSubscription sub = f.reader.subscribe(start, Duration.ofMillis(30), rec)) {
      f.request("kept");
      awaitTrue(() -> rec.requests.size() == 1);

      String beforeFork = f.node.snapshot();
      f.request("orphaned");
      TxReceipt orphan = f.submitter.submit(f.replyToPending(BlockRef.latest()), f.tm(f.attestor));
      awaitTrue(() -> rec.commits.size() == 1);
      assertThat(rec.commits.get(0).transactionHash()).isEqualTo(orphan.transactionHash());

      // The fork: the two blocks above are replaced by a longer chain with other content.
      f.node.revert(beforeFork);
      f.request("replacement");
      f.node.mine(2);
      TxReceipt replacement = f.submitter.submit(f.replyToPending(BlockRef.latest()), f.tm(f.attestor));

      awaitTrue(() -> rec.commits.stream().anyMatch(c -> c.transactionHash().equals(replacement.transactionHash())));
      assertThat(rec.reorgs).isNotEmpty();
      assertThat(rec.reorgs.get(0)).isLessThanOrEqualTo(orphan.blockNumber());
      // Everything after the reorg notice comes from the new chain.
      List<String> data = rec.requests.stream().map(r -> new String(r.data())).toList();
      assertThat(data.get(data.size() - 1)).isEqualTo("replacement");
      assertThat(sub.nextBlock()).isGreaterThan(replacement.blockNumber());
    }
  }

  @Test
  void survivesTheNodeGoingAwayAndResumesWithoutGaps() throws Exception {
    long start = f.chain.blockNumber() + 1;
    Recorder rec = new Recorder();
    try (FlakyRpcProxy proxy = new FlakyRpcProxy(f.node.rpcUrl());
        ChainClient viaProxy = ChainClient.builder().rpcUrl(proxy.url()).build();
        RollupSubscription sub = RollupAnchorReader.builder().chain(viaProxy).anchor(f.anchor).build()
            .subscribe(start, Duration.ofMillis(30), rec)) {
      TxReceipt one = f.request("one");
      awaitTrue(() -> sub.nextBlock() > one.blockNumber());
      assertThat(rec.requests).hasSize(1);

      proxy.setDown(true);
      f.request("two");
      f.request("three");
      awaitTrue(() -> rec.errors.size() >= 2);
      assertThat(rec.requests).hasSize(1);

      proxy.setDown(false);
      awaitTrue(() -> rec.requests.size() == 3);
      assertThat(rec.requests).extracting(QueuedRequest::index).containsExactly(0L, 1L, 2L);
      assertThat(proxy.refused()).isPositive();
      assertThat(sub.nextBlock()).isGreaterThan(rec.requests.get(2).blockNumber());
    }
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

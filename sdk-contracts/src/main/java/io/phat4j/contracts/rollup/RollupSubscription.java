package io.phat4j.contracts.rollup;

import io.phat4j.contracts.rollup.internal.TxSource;
import io.phat4j.core.Bytes32;
import io.phat4j.core.PhalaException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live feed of an anchor's requests and commits, by polling.
 *
 * <p>Each poll reads from the block after the last completed one up to the head minus the
 * reader's confirmation depth. A failed poll (node down, RPC error, listener failure) is reported
 * to {@link RollupListener#onError} and retried after a backoff that doubles up to one minute,
 * from the same block: a restarted or reconnected node picks up where the feed stopped. Before
 * each poll the hashes of the last delivered blocks are checked; when a reorg replaced any of
 * them the listener gets {@link RollupListener#onReorg} and the range is read again.
 *
 * <p>Runs on its own daemon thread; {@link #close()} stops it and waits for it.
 */
public final class RollupSubscription implements AutoCloseable {
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  /** How many delivered blocks are remembered for reorg detection. */
  private static final int REMEMBERED_BLOCKS = 128;

  private final RollupAnchorReader reader;
  private final RollupListener listener;
  private final Duration pollInterval;
  private final TxSource blocks;
  /** Delivered blocks, oldest first, for reorg detection. */
  private final ArrayDeque<SeenBlock> recent = new ArrayDeque<>();
  private final AtomicLong nextBlock;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean closing;

  private RollupSubscription(RollupAnchorReader reader, long fromBlock, Duration pollInterval, RollupListener listener) {
    this.reader = reader;
    this.listener = listener;
    this.pollInterval = pollInterval;
    this.blocks = new TxSource(reader.chain());
    this.nextBlock = new AtomicLong(fromBlock);
    this.thread = Thread.ofPlatform().daemon().name("phat4j-rollup-subscription").unstarted(this::run);
  }

  static RollupSubscription start(RollupAnchorReader reader, long fromBlock, Duration pollInterval, RollupListener listener) {
    if (fromBlock < 0) {
      throw new IllegalArgumentException("fromBlock must not be negative: " + fromBlock);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
    }
    RollupSubscription s = new RollupSubscription(reader, fromBlock, pollInterval, listener);
    s.thread.start();
    return s;
  }

  /**
   * Returns the first block the next poll will read.
   *
   * @return the block number (everything before it was delivered)
   */
  public long nextBlock() {
    return nextBlock.get();
  }

  private void run() {
    Duration backoff = pollInterval;
    try {
      while (!closing) {
        try {
          pollOnce();
          backoff = pollInterval;
          sleep(pollInterval);
        } catch (PhalaException e) {
          listener.onError(e);
          sleep(backoff);
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        } catch (RuntimeException e) {
          listener.onError(new PhalaException("the rollup listener failed: " + e.getClass().getSimpleName(), e));
          sleep(backoff);
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  private void pollOnce() {
    checkReorg();
    long from = nextBlock.get();
    long safeHead = reader.chain().blockNumber() - reader.confirmations();
    if (safeHead < from) {
      return;
    }
    // The hash is taken before reading: if a reorg replaces the block meanwhile, the next poll sees it.
    Bytes32 safeHash = blocks.block(safeHead, false).hash();
    long last = reader.scanAll(from, safeHead, listener::onRequest, listener::onCommit);
    if (last >= from) {
      nextBlock.set(last + 1);
      remember(last, last == safeHead ? safeHash : blocks.block(last, false).hash());
    }
  }

  /** Compares remembered block hashes with the chain, newest first; rewinds past replaced ones. */
  private void checkReorg() {
    long firstInvalid = -1;
    Iterator<SeenBlock> newestFirst = recent.descendingIterator();
    while (newestFirst.hasNext()) {
      SeenBlock seen = newestFirst.next();
      // A missing block means the chain got shorter than the remembered block.
      TxSource.Block now = blocks.blockIfExists(seen.number(), false);
      if (now != null && seen.hash().equals(now.hash())) {
        break;
      }
      firstInvalid = seen.number();
    }
    if (firstInvalid < 0) {
      return;
    }
    while (!recent.isEmpty() && recent.peekLast().number() >= firstInvalid) {
      recent.pollLast();
    }
    // Blocks between the last valid remembered block and firstInvalid may have changed too.
    long rewindTo = recent.isEmpty() ? Math.min(nextBlock.get(), firstInvalid) : recent.peekLast().number() + 1;
    nextBlock.set(Math.min(nextBlock.get(), rewindTo));
    listener.onReorg(nextBlock.get());
  }

  private void remember(long number, Bytes32 hash) {
    recent.addLast(new SeenBlock(number, hash));
    while (recent.size() > REMEMBERED_BLOCKS) {
      recent.pollFirst();
    }
  }

  private record SeenBlock(long number, Bytes32 hash) {}

  private void sleep(Duration d) throws InterruptedException {
    if (!closing) {
      stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops polling and waits for the thread to end (at most the time one RPC takes). */
  @Override
  public void close() {
    closing = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

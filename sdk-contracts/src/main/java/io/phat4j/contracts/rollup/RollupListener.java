package io.phat4j.contracts.rollup;

import io.phat4j.core.PhalaException;

/**
 * Receives what a {@link RollupSubscription} reads, in chain order, on the subscription's thread.
 *
 * <p>Every method has an empty default; implement the ones you need. Delivery is at least once:
 * a listener that throws (a {@link PhalaException} or any runtime exception) stops nothing, the
 * failure goes to {@link #onError} and the range is read again from the last completed block, so
 * items of that range may come again.
 */
public interface RollupListener {
  /**
   * A request was queued.
   *
   * @param request the request
   */
  default void onRequest(QueuedRequest request) {}

  /**
   * A rollup was committed.
   *
   * @param commit the transaction and its decoded call
   */
  default void onCommit(RollupCommit commit) {}

  /**
   * Blocks the listener already received were replaced by a reorg; everything from {@code
   * fromBlock} on will be delivered again from the new chain.
   *
   * @param fromBlock the first block no longer valid
   */
  default void onReorg(long fromBlock) {}

  /**
   * Reading failed (node unreachable, RPC error, malformed data); the subscription retries after
   * a backoff from the last block it completed.
   *
   * @param error the failure
   */
  default void onError(PhalaException error) {}
}

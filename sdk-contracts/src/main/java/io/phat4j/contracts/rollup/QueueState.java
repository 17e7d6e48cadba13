package io.phat4j.contracts.rollup;

/**
 * The anchor's request queue at one block: requests {@code head} (inclusive) to {@code tail}
 * (exclusive) wait for the offchain worker.
 *
 * @param head the index of the first unprocessed request ({@code q/_head})
 * @param tail the index the next request gets ({@code q/_tail})
 * @param blockNumber the block the values were read at
 */
public record QueueState(long head, long tail, long blockNumber) {

  /**
   * Returns how many requests wait.
   *
   * @return {@code tail - head}, or 0 if the head is past the tail
   */
  public long pending() {
    return Math.max(0, tail - head);
  }
}

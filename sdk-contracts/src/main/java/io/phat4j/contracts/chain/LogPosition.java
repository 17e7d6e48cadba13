package io.phat4j.contracts.chain;

import io.phat4j.core.Bytes32;
import java.util.Objects;

/**
 * Where an event was emitted: block, transaction and log index. Orders events in chain order.
 *
 * @param blockNumber the block
 * @param blockHash the block's hash (tells a reorged copy apart)
 * @param transactionHash the transaction
 * @param logIndex the log's index in the block
 */
public record LogPosition(long blockNumber, Bytes32 blockHash, Bytes32 transactionHash, int logIndex)
    implements Comparable<LogPosition> {
  /**
   * Checks the fields.
   *
   * @param blockNumber the block
   * @param blockHash the block's hash
   * @param transactionHash the transaction
   * @param logIndex the log index
   */
  public LogPosition {
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(transactionHash, "transactionHash");
  }

  /**
   * Returns the position of a log.
   *
   * @param log the log
   * @return its position
   */
  public static LogPosition of(ChainLog log) {
    return new LogPosition(log.blockNumber(), log.blockHash(), log.transactionHash(), log.logIndex());
  }

  @Override
  public int compareTo(LogPosition o) {
    int c = Long.compare(blockNumber, o.blockNumber);
    return c != 0 ? c : Integer.compare(logIndex, o.logIndex);
  }
}

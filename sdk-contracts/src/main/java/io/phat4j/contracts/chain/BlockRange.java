package io.phat4j.contracts.chain;

import org.jspecify.annotations.Nullable;

/**
 * A block range for reading event history.
 *
 * @param fromBlock the first block, inclusive
 * @param toBlock the last block, inclusive; {@code null} for the head minus the confirmations
 * @param confirmations how many blocks below the head a block must be to be read
 */
public record BlockRange(long fromBlock, @Nullable Long toBlock, int confirmations) {
  /**
   * Checks the fields.
   *
   * @param fromBlock the first block
   * @param toBlock the last block, or {@code null}
   * @param confirmations the confirmation depth
   */
  public BlockRange {
    if (fromBlock < 0 || confirmations < 0 || (toBlock != null && toBlock < fromBlock)) {
      throw new IllegalArgumentException("bad block range " + fromBlock + ".." + toBlock + " (confirmations " + confirmations + ")");
    }
  }

  /**
   * Everything from a block to the head.
   *
   * @param fromBlock the first block
   * @return the range
   */
  public static BlockRange from(long fromBlock) {
    return new BlockRange(fromBlock, null, 0);
  }

  /**
   * A closed range.
   *
   * @param fromBlock the first block
   * @param toBlock the last block
   * @return the range
   */
  public static BlockRange between(long fromBlock, long toBlock) {
    return new BlockRange(fromBlock, toBlock, 0);
  }

  /**
   * The same range, staying {@code confirmations} blocks below the head.
   *
   * @param confirmations the depth
   * @return a new range
   */
  public BlockRange withConfirmations(int confirmations) {
    return new BlockRange(fromBlock, toBlock, confirmations);
  }

  /**
   * Starts a log query over this range.
   *
   * @param addresses the emitting contracts
   * @return a query builder with the range set
   */
  public LogQuery.Builder query(EvmAddress... addresses) {
    return LogQuery.of(addresses).fromBlock(fromBlock).toBlock(toBlock).confirmations(confirmations);
  }
}

package io.phat4j.contracts.chain;

import io.phat4j.core.Bytes32;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;

/**
 * What {@link ChainClient#scanLogs(LogQuery)} fetches: which contracts and topics, which block
 * range, how far behind the head to stay, and how many blocks to ask for per {@code eth_getLogs}.
 *
 * @param addresses the emitting contracts (empty: any)
 * @param topics per topic position, the accepted values (an empty list: any value)
 * @param fromBlock the first block, inclusive
 * @param toBlock the last block, inclusive; {@code null} for "the head minus the confirmations"
 * @param confirmations how many blocks below the head a block must be to be read (reorg safety)
 * @param chunkSize the most blocks per {@code eth_getLogs} request; halved when the node refuses
 */
public record LogQuery(
    List<EvmAddress> addresses,
    List<List<Bytes32>> topics,
    long fromBlock,
    @Nullable Long toBlock,
    int confirmations,
    int chunkSize) {
  /** The default number of blocks per request; most public RPCs accept at least this. */
  public static final int DEFAULT_CHUNK_SIZE = 2_000;

  /**
   * Checks and copies the fields.
   *
   * @param addresses the emitting contracts
   * @param topics the accepted topic values per position
   * @param fromBlock the first block
   * @param toBlock the last block, or {@code null}
   * @param confirmations the confirmation depth
   * @param chunkSize blocks per request
   */
  public LogQuery {
    addresses = List.copyOf(addresses);
    List<List<Bytes32>> t = new ArrayList<>();
    for (List<Bytes32> position : topics) {
      t.add(List.copyOf(position));
    }
    topics = List.copyOf(t);
    if (topics.size() > 4) {
      throw new IllegalArgumentException("a log has at most 4 topics: " + topics.size());
    }
    if (fromBlock < 0) {
      throw new IllegalArgumentException("fromBlock must not be negative: " + fromBlock);
    }
    if (toBlock != null && toBlock < fromBlock) {
      throw new IllegalArgumentException("toBlock " + toBlock + " is before fromBlock " + fromBlock);
    }
    if (confirmations < 0) {
      throw new IllegalArgumentException("confirmations must not be negative: " + confirmations);
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be at least 1: " + chunkSize);
    }
  }

  /**
   * Starts a query for logs of the given contracts.
   *
   * @param addresses the emitting contracts (none: any contract)
   * @return a builder
   */
  public static Builder of(EvmAddress... addresses) {
    return new Builder(List.of(addresses));
  }

  /** Builds a {@link LogQuery}; defaults: from block 0 to the head, no confirmations, 2,000-block chunks. */
  public static final class Builder {
    private final List<EvmAddress> addresses;
    private final List<List<Bytes32>> topics = new ArrayList<>();
    private long fromBlock;
    private @Nullable Long toBlock;
    private int confirmations;
    private int chunkSize = DEFAULT_CHUNK_SIZE;

    private Builder(List<EvmAddress> addresses) {
      this.addresses = addresses;
    }

    /**
     * Accepts only these events (topic 0 is one of their signature hashes).
     *
     * @param events web3j event descriptions
     * @return this builder
     */
    public Builder events(Event... events) {
      return topic(0, Arrays.stream(events).map(e -> Bytes32.fromHex(EventEncoder.encode(e))).toArray(Bytes32[]::new));
    }

    /**
     * Accepts only these values at a topic position.
     *
     * @param position 0 to 3
     * @param values the accepted values (none: any)
     * @return this builder
     */
    public Builder topic(int position, Bytes32... values) {
      if (position < 0 || position > 3) {
        throw new IllegalArgumentException("topic position must be 0..3: " + position);
      }
      while (topics.size() <= position) {
        topics.add(List.of());
      }
      topics.set(position, List.of(values));
      return this;
    }

    /**
     * Sets the first block (inclusive).
     *
     * @param block the block number
     * @return this builder
     */
    public Builder fromBlock(long block) {
      this.fromBlock = block;
      return this;
    }

    /**
     * Sets the last block (inclusive); without it the scan ends at the head minus the
     * confirmations, resolved once when the scan starts.
     *
     * @param block the block number, or {@code null}
     * @return this builder
     */
    public Builder toBlock(@Nullable Long block) {
      this.toBlock = block;
      return this;
    }

    /**
     * Sets how many blocks below the head a block must be to be read.
     *
     * @param confirmations 0 or more
     * @return this builder
     */
    public Builder confirmations(int confirmations) {
      this.confirmations = confirmations;
      return this;
    }

    /**
     * Sets the most blocks per {@code eth_getLogs} request.
     *
     * @param blocks at least 1
     * @return this builder
     */
    public Builder chunkSize(int blocks) {
      this.chunkSize = blocks;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the query
     */
    public LogQuery build() {
      return new LogQuery(addresses, topics, fromBlock, toBlock, confirmations, chunkSize);
    }
  }
}

package io.phat4j.contracts.rollup;

import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * A request a consumer queued for the offchain worker, from a {@code MessageQueued(uint256 idx,
 * bytes data)} log.
 *
 * @param index the queue index (the request id in the example consumer)
 * @param data the request bytes (copied)
 * @param blockNumber the block the request is in
 * @param blockHash that block's hash
 * @param transactionHash the transaction that queued it
 * @param logIndex the log's position in the block
 */
public record QueuedRequest(
    long index, byte[] data, long blockNumber, Bytes32 blockHash, Bytes32 transactionHash, int logIndex) {

  /** Copies the data. */
  public QueuedRequest {
    data = data.clone();
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(transactionHash, "transactionHash");
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QueuedRequest r
        && r.index == index
        && Arrays.equals(r.data, data)
        && r.blockNumber == blockNumber
        && r.blockHash.equals(blockHash)
        && r.transactionHash.equals(transactionHash)
        && r.logIndex == logIndex;
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, Arrays.hashCode(data), blockNumber, transactionHash, logIndex);
  }

  @Override
  public String toString() {
    return "QueuedRequest[index=" + index + ", data=" + Hex.encode0x(data) + ", block=" + blockNumber
        + ", tx=0x" + transactionHash.hex() + "]";
  }
}

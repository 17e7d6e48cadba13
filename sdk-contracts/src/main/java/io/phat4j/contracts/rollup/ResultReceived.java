package io.phat4j.contracts.rollup;

import io.phat4j.core.Bytes32;
import java.util.Objects;

/**
 * The example consumer's {@code ResultReceived(uint256 indexed requestId, bytes32 resultHash)}
 * event: a reply stored a result.
 *
 * @param requestId the request the result answers
 * @param resultHash {@code keccak256(result)}
 * @param blockNumber the block
 * @param transactionHash the transaction
 * @param logIndex the log's position in the block
 */
public record ResultReceived(
    java.math.BigInteger requestId, Bytes32 resultHash, long blockNumber, Bytes32 transactionHash, int logIndex) {

  /** Checks the fields. */
  public ResultReceived {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(resultHash, "resultHash");
    Objects.requireNonNull(transactionHash, "transactionHash");
  }
}

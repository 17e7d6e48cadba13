package io.phat4j.contracts.chain;

import io.phat4j.core.Bytes32;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The receipt of a mined transaction.
 *
 * @param transactionHash the transaction's hash
 * @param blockNumber the block it was mined in
 * @param blockHash that block's hash
 * @param from the sender
 * @param to the called contract, or {@code null} for a contract creation
 * @param contractAddress the created contract, or {@code null}
 * @param success whether it succeeded (status 1)
 * @param gasUsed the gas it used
 * @param logs the logs it emitted, in order
 */
public record TxReceipt(
    Bytes32 transactionHash,
    long blockNumber,
    Bytes32 blockHash,
    EvmAddress from,
    @Nullable EvmAddress to,
    @Nullable EvmAddress contractAddress,
    boolean success,
    long gasUsed,
    List<ChainLog> logs) {
  /**
   * Checks and copies the fields.
   *
   * @param transactionHash the hash
   * @param blockNumber the block number
   * @param blockHash the block hash
   * @param from the sender
   * @param to the called contract
   * @param contractAddress the created contract
   * @param success whether it succeeded
   * @param gasUsed the gas used
   * @param logs the emitted logs
   */
  public TxReceipt {
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(from, "from");
    logs = List.copyOf(logs);
  }
}

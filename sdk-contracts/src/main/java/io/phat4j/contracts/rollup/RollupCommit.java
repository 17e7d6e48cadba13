package io.phat4j.contracts.rollup;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.Bytes32;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One successful transaction that committed a rollup to an anchor.
 *
 * @param blockNumber the block
 * @param blockHash the block's hash
 * @param transactionHash the transaction
 * @param transactionIndex the transaction's position in the block
 * @param submitter the transaction's sender ({@code tx.from}): the attestor for a direct call,
 *     the relayer for a meta-transaction
 * @param attestor who vouches for the rollup: {@code tx.from} for a direct call, the signer
 *     {@code req.from} for a meta-transaction
 * @param signatureVerified for a meta-transaction, whether the EIP-712 signature recovers to
 *     {@code req.from} under this chain id and anchor; always {@code true} for a direct call
 * @param call the decoded call
 */
public record RollupCommit(
    long blockNumber,
    Bytes32 blockHash,
    Bytes32 transactionHash,
    int transactionIndex,
    EvmAddress submitter,
    EvmAddress attestor,
    boolean signatureVerified,
    RollupCall call) {

  /** Checks the fields. */
  public RollupCommit {
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(submitter, "submitter");
    Objects.requireNonNull(attestor, "attestor");
    Objects.requireNonNull(call, "call");
  }

  /**
   * Tells whether the rollup came as a meta-transaction.
   *
   * @return true for {@code metaTxRollupU256CondEq}
   */
  public boolean isMetaTx() {
    return call instanceof RollupCall.MetaTx;
  }

  /**
   * Returns the committed actions, each with its position.
   *
   * @return one result per action, in order
   */
  public List<RollupResult> results() {
    List<RollupAction> actions = call.batch().actions();
    List<RollupResult> out = new ArrayList<>(actions.size());
    for (int i = 0; i < actions.size(); i++) {
      out.add(new RollupResult(this, i, actions.get(i)));
    }
    return out;
  }
}

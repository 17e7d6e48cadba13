package io.phat4j.contracts.rollup;

import java.util.Objects;

/**
 * One action committed by a rollup transaction.
 *
 * @param commit the transaction that committed it
 * @param actionIndex the action's position in the transaction's {@code actions}
 * @param action the action
 */
public record RollupResult(RollupCommit commit, int actionIndex, RollupAction action) {

  /** Checks the fields. */
  public RollupResult {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(action, "action");
  }
}

package io.phat4j.contracts.rollup;

import java.util.List;

/**
 * The arguments of one {@code rollupU256CondEq} call: conditions checked first (each stored
 * value read as uint32 must equal the expected one), then store updates, then actions.
 *
 * @param conditions the optimistic-lock conditions, in order
 * @param updates the store writes, in order
 * @param actions the actions, in order
 */
public record RollupBatch(
    List<RollupEntry> conditions, List<RollupEntry> updates, List<RollupAction> actions) {

  /** Copies the lists. */
  public RollupBatch {
    conditions = List.copyOf(conditions);
    updates = List.copyOf(updates);
    actions = List.copyOf(actions);
  }
}

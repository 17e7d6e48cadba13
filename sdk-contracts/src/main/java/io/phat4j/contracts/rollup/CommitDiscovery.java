package io.phat4j.contracts.rollup;

/**
 * How a {@link RollupAnchorReader} finds the transactions that committed rollups.
 *
 * <p>Only top-level transactions whose {@code to} is the anchor are seen: a rollup relayed
 * through another contract (an internal call) is not a transaction to the anchor and is missed
 * by both modes.
 */
public enum CommitDiscovery {
  /**
   * From the anchor's own logs ({@code eth_getLogs} in bounded chunks): every transaction that
   * made the anchor emit a log is fetched and decoded. Cheap, and complete for rollups that emit
   * something: a queue-head move ({@code MessageProcessedTo}), any meta-transaction ({@code
   * MetaTxDecoded}), a role change that changed something ({@code RoleGranted}/{@code
   * RoleRevoked}) or a reply whose consumer emits an event (the example consumer does). A direct
   * rollup with only updates, only replies to a silent consumer, or a grant/revoke that changed
   * nothing emits no log and is missed: use {@link #BLOCKS} for those anchors.
   */
  LOGS,
  /**
   * From every block in the range ({@code eth_getBlockByNumber} with transactions, then a receipt
   * per candidate): complete for top-level calls, one request per block. Memory stays at one block.
   */
  BLOCKS
}

package io.phat4j.contracts.rollup;

import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.tx.TransactionManager;

/**
 * Commits many replies quickly: automine off, several rollup transactions per block, many
 * replies per transaction, and empty blocks between, so that the results spread over a large
 * block range.
 */
final class RollupBulkLoad {
  private RollupBulkLoad() {}

  /**
   * Commits {@code txs * actionsPerTx} replies (request ids 0, 1, ...).
   *
   * @return the receipts, in chain order
   */
  static List<TxReceipt> load(RollupFixture f, int txs, int actionsPerTx, int txsPerBlock, int gapBlocks) throws Exception {
    TransactionManager tm = f.tm(f.attestor);
    BigInteger gasPrice = f.chain.web3j().ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
    List<Bytes32> hashes = new ArrayList<>();
    f.node.setAutomine(false);
    try {
      long id = 0;
      for (int t = 0; t < txs; t++) {
        List<RollupAction> actions = new ArrayList<>(actionsPerTx);
        for (int a = 0; a < actionsPerTx; a++, id++) {
          actions.add(RollupAction.reply(RollupFixture.replyPayload(id, ("r" + id).getBytes(StandardCharsets.UTF_8))));
        }
        byte[] data = RollupCalldata.encodeRollup(new RollupBatch(List.of(), List.of(), actions));
        EthSendTransaction sent = tm.sendTransaction(gasPrice, BigInteger.valueOf(2_900_000), f.anchor.toString(),
            Hex.encode0x(data), BigInteger.ZERO);
        if (sent.hasError()) {
          throw new IllegalStateException("send failed: " + sent.getError().getMessage());
        }
        hashes.add(Bytes32.fromHex(sent.getTransactionHash()));
        if ((t + 1) % txsPerBlock == 0 || t == txs - 1) {
          f.node.mine(1);
          if (gapBlocks > 0) {
            f.node.mine(gapBlocks);
          }
        }
      }
    } finally {
      f.node.setAutomine(true);
    }
    List<TxReceipt> receipts = new ArrayList<>(hashes.size());
    for (Bytes32 h : hashes) {
      TxReceipt r = f.chain.receipt(h).orElseThrow();
      if (!r.success()) {
        throw new IllegalStateException("rollup 0x" + h.hex() + " failed");
      }
      receipts.add(r);
    }
    return receipts;
  }
}

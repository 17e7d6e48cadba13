package io.phat4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.contracts.rollup.CommitDiscovery;
import io.phat4j.contracts.rollup.RollupCommit;
import io.phat4j.contracts.rollup.RollupResult;
import io.phat4j.core.Hex;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code read-results}: every action committed to a rollup anchor. */
@Command(
    name = "read-results",
    mixinStandardHelpOptions = true,
    header = "Prints every action committed to a PhatRollupAnchor contract, one JSON object per "
        + "line.",
    description = {
      "Reads the rollupU256CondEq and metaTxRollupU256CondEq transactions in chain order; "
          + "each line has block, tx, tx_index, action_index, attestor (the signer for a "
          + "meta-transaction), submitter, via (direct|meta_tx), signature_verified, action "
          + "(reply|set_queue_head|grant_attestor|revoke_attestor|unknown), code and payload "
          + "(0x-hex after the type byte).",
      "--discovery logs (default) finds the transactions from the anchor's logs; blocks "
          + "reads every block, which also finds rollups that emit no log. An address without "
          + "code exits 1."
    })
final class ReadResultsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin AnchorOptions options;

  @Option(names = "--discovery", paramLabel = "MODE", defaultValue = "logs",
      description = "How to find rollup transactions: logs or blocks (default logs).")
  String discovery;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommitDiscovery mode = switch (discovery) {
      case "logs" -> CommitDiscovery.LOGS;
      case "blocks" -> CommitDiscovery.BLOCKS;
      default -> throw CliException.usage("--discovery must be logs or blocks, got " + discovery);
    };
    PrintWriter out = spec.commandLine().getOut();
    options.withReader(mode, reader ->
        reader.scanCommits(options.fromBlock, options.toBlock, commit -> print(out, commit)));
    out.flush();
    return Main.OK;
  }

  private static void print(PrintWriter out, RollupCommit commit) {
    for (RollupResult r : commit.results()) {
      ObjectNode o = JSON.createObjectNode();
      o.put("block", commit.blockNumber());
      o.put("tx", "0x" + commit.transactionHash().hex());
      o.put("tx_index", commit.transactionIndex());
      o.put("action_index", r.actionIndex());
      o.put("attestor", commit.attestor().toString());
      o.put("submitter", commit.submitter().toString());
      o.put("via", commit.isMetaTx() ? "meta_tx" : "direct");
      o.put("signature_verified", commit.signatureVerified());
      o.put("action", r.action().type().wireName());
      o.put("code", r.action().code());
      o.put("payload", Hex.encode0x(r.action().payload()));
      out.println(o.toString());
    }
  }
}

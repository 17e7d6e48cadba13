package io.phat4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.contracts.rollup.CommitDiscovery;
import io.phat4j.contracts.rollup.QueuedRequest;
import io.phat4j.core.Hex;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code read-requests}: the requests queued on a rollup anchor. */
@Command(
    name = "read-requests",
    mixinStandardHelpOptions = true,
    header = "Prints the requests queued on a PhatRollupAnchor contract, one JSON object per line.",
    description = {
      "Reads the anchor's MessageQueued events in chain order; each line has index, data "
          + "(0x-hex), block, block_hash, tx and log_index. An address without code exits 1."
    })
final class ReadRequestsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin AnchorOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    options.withReader(CommitDiscovery.LOGS, reader ->
        reader.scanRequests(options.fromBlock, options.toBlock, r -> out.println(line(r))));
    out.flush();
    return Main.OK;
  }

  private static String line(QueuedRequest r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("index", r.index());
    o.put("data", Hex.encode0x(r.data()));
    o.put("block", r.blockNumber());
    o.put("block_hash", "0x" + r.blockHash().hex());
    o.put("tx", "0x" + r.transactionHash().hex());
    o.put("log_index", r.logIndex());
    return o.toString();
  }
}

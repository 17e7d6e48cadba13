package io.phat4j.cli;

import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.Rtmrs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replay-rtmr}: replays a dstack event log to RTMR0–3. */
@Command(
    name = "replay-rtmr",
    mixinStandardHelpOptions = true,
    header = "Replays a dstack event log and prints rtmr0 to rtmr3 in lowercase hex.",
    description = {
      "Every IMR-3 runtime event's digest is recomputed from its name and payload; a stated "
          + "digest that differs is rejected (exit 1) naming the event. Accepts a bare event-log "
          + "array or a GetQuote response (event_log as a JSON string)."
    })
final class ReplayRtmrCommand implements Callable<Integer> {
  @Parameters(paramLabel = "EVENTLOG.json", description = "The event log or GetQuote response.")
  Path file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Rtmrs rtmrs = EventLog.parse(Inputs.readFile(InputKind.EVENT_LOG, "EVENTLOG.json", file)).replay();
    PrintWriter out = spec.commandLine().getOut();
    for (int i = 0; i < 4; i++) {
      out.println("rtmr" + i + " " + rtmrs.get(i).hex());
    }
    return Main.OK;
  }
}

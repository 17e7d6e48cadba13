package io.phat4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.ai.AiReportVerification;
import io.phat4j.ai.AiReportVerifier;
import io.phat4j.ai.AttestationReport;
import io.phat4j.ai.VerificationLink;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.gpu.GpuEvidenceVerifier;
import io.phat4j.attestation.gpu.GpuResult;
import io.phat4j.core.Bytes32;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verify-ai-report}: verifies a saved confidential-AI attestation report offline. */
@Command(
    name = "verify-ai-report",
    mixinStandardHelpOptions = true,
    header = "Verifies a saved confidential-AI attestation report offline, link by link.",
    description = {
      "Checks a saved GET /v1/attestation/report response: the nonce, the TDX quote (DCAP, "
          + "needs --collateral), the report_data binding of the signing key and --nonce, and the "
          + "NVIDIA GPU evidence against the SAME nonce. Without --collateral the TDX link is not "
          + "run and the command exits 1: an unverified quote proves nothing. Exit 0 only when "
          + "every link holds."
    })
final class VerifyAiReportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--report", required = true, paramLabel = "F", description = "The saved report JSON.")
  Path report;

  @Option(names = "--nonce", required = true, paramLabel = "HEX",
      description = "The nonce you sent (32 bytes hex); never the report's own.")
  String nonce;

  @Option(names = "--signing-address", paramLabel = "ADDR",
      description = "Pick this signer's entry from all_attestations (default: the top-level entry).")
  String signingAddress;

  @Option(names = "--collateral", paramLabel = "F", description = "QuoteCollateralV3 JSON for the TDX quote.")
  Path collateral;

  @Option(names = "--time", paramLabel = "T",
      description = "Verification time, unix seconds, for DCAP and GPU certificates (default: the clock).")
  Long time;

  @Option(names = "--json", description = "Print one JSON object instead of the readable report.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Instant now = Inputs.time("--time", time);
    byte[] reportJson = Inputs.readFile(InputKind.JSON, "--report", report);
    QuoteCollateral coll = collateral == null
        ? null
        : QuoteInputs.parseCollateral(Inputs.readFile(InputKind.COLLATERAL, "--collateral", collateral), collateral);
    Bytes32 expected = Bytes32.fromHex("--nonce", nonce);

    AttestationReport parsed = AttestationReport.parse(reportJson);
    AttestationReport entry = parsed;
    if (signingAddress != null) {
      entry = parsed.select(signingAddress).orElseThrow(
          () -> CliException.rejected("no attestation in the report is signed by " + signingAddress));
    }
    GpuEvidenceVerifier gpu = GpuEvidenceVerifier.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    AiReportVerification v = AiReportVerifier.builder().gpuVerifier(gpu).build().verify(entry, expected, coll, now);

    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JSON.writeValueAsString(toJson(entry, v)));
    } else {
      out.println("AI report: " + (v.ok() ? "OK" : "FAILED") + " (" + entry.signingAlgorithm().wireName() + " "
          + entry.signingAddress() + ")");
      for (VerificationLink l : v.links()) {
        out.println("  " + l.status() + " " + l.name() + ": " + l.detail());
        out.println("      proves: " + l.proves());
      }
      out.println("Note: a report fetched now attests the key now, not when an earlier response was signed.");
      if (!v.ok()) {
        spec.commandLine().getErr().println("Verification failed: " + firstProblem(v));
      }
    }
    return v.ok() ? Main.OK : Main.REJECTED;
  }

  /** The first failed link, else the first link not run (e.g. the TDX quote without collateral). */
  private static String firstProblem(AiReportVerification v) {
    if (!v.failures().isEmpty()) {
      VerificationLink l = v.failures().get(0);
      return l.name() + ": " + l.detail();
    }
    for (VerificationLink l : v.links()) {
      if (!l.passed() && !l.name().equals(AiReportVerifier.EVENT_LOG_REPLAY)) {
        return l.name() + ": " + l.detail();
      }
    }
    return "not every link held";
  }

  private static Map<String, Object> toJson(AttestationReport entry, AiReportVerification v) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("ok", v.ok());
    o.put("error", v.ok() ? null : firstProblem(v));
    o.put("signing_address", entry.signingAddress());
    o.put("signing_algo", entry.signingAlgorithm().wireName());
    o.put("tcb_status", v.quote() == null ? null : v.quote().status().wireName());
    List<Map<String, Object>> links = new ArrayList<>();
    for (VerificationLink l : v.links()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", l.name());
      one.put("status", l.status().name().toLowerCase(Locale.ROOT));
      one.put("proves", l.proves());
      one.put("detail", l.detail());
      links.add(one);
    }
    o.put("links", links);
    List<Map<String, Object>> gpus = new ArrayList<>();
    if (v.gpu() != null) {
      for (GpuResult g : v.gpu().gpus()) {
        gpus.add(VerifyGpuEvidenceCommand.gpuJson(g));
      }
    }
    o.put("gpus", gpus);
    return o;
  }
}

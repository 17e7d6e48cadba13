package io.phat4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteVerificationException;
import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.core.PhalaException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verify-quote}: verifies a DCAP quote and prints a readable report or JSON. */
@Command(
    name = "verify-quote",
    mixinStandardHelpOptions = true,
    header = "Verifies an SGX or TDX DCAP quote against its collateral and prints a report.",
    description = {
      "Exit 0 when the quote verifies (whatever its TCB status), 1 when it does not."
    })
final class VerifyQuoteCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  @Option(names = "--quote", required = true, paramLabel = "F", description = "Raw quote bytes.")
  Path quote;

  @Option(names = "--collateral", required = true, paramLabel = "F", description = "QuoteCollateralV3 JSON.")
  Path collateral;

  @Option(names = "--time", paramLabel = "T", description = "Verification time, unix seconds (default: the clock).")
  Long time;

  @Option(names = "--root-ca", paramLabel = "F", description = "Trust anchor (DER); default: the Intel SGX Root CA.")
  Path rootCa;

  @Option(names = "--json", description = "Print one JSON object instead of the readable report.")
  boolean json;

  @Option(names = "--strict-encoding", description = "Also reject non-canonical PEM text, unused bytes "
      + "inside the quote's declared sizes and a pck_crl_issuer_chain that did not sign the PCK CRL "
      + "(unsigned bytes dcap-qvl accepts).")
  boolean strictEncoding;

  @Mixin BackendOption backendOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    QuoteInputs in = QuoteInputs.load(quote, collateral, rootCa, time);
    VerifiedQuote verified = null;
    PhalaException failure = null;
    try {
      verified = in.verifier(backendOption.backend, strictEncoding).verify(in.quote(), in.collateral(), in.now());
    } catch (PhalaException e) {
      failure = e;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JSON.writeValueAsString(toJson(in, verified, failure)));
    } else if (verified != null) {
      printReport(out, verified);
    } else {
      spec.commandLine().getErr().println("Verification failed: " + failure.getMessage());
    }
    return verified != null ? Main.OK : Main.REJECTED;
  }

  private static Map<String, Object> toJson(
      QuoteInputs in, @Nullable VerifiedQuote verified, @Nullable PhalaException failure) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("ok", verified != null);
    o.put("status", verified == null ? null : verified.status().wireName());
    o.put("advisory_ids", verified == null ? java.util.List.of() : verified.advisoryIds());
    Quote parsed = verified != null ? verified.quote() : tryParse(in.quote());
    o.put("tee_type", parsed == null ? null : parsed.teeType().name().toLowerCase(java.util.Locale.ROOT));
    o.put("error", failure == null ? null : failure.getMessage());
    o.put("reason", failure instanceof QuoteVerificationException q ? q.reason().name() : null);
    if (verified != null) {
      o.put("platform_status", verified.platformStatus().wireName());
      o.put("qe_status", verified.qeStatus().wireName());
      o.put("fmspc", verified.fmspc());
      o.put("ppid", io.phat4j.core.Hex.encode(verified.ppid()));
      o.put("trust_anchor", verified.trustAnchor().describe());
      o.put("intel_root", verified.trustAnchor().intelRoot());
    }
    if (parsed != null) {
      o.put("quote_version", parsed.version());
      o.put("report_type", ReportFields.reportType(parsed.body()));
      o.put("report", ReportFields.of(parsed.body()));
    }
    return o;
  }

  private static @Nullable Quote tryParse(byte[] quote) {
    try {
      return Quote.parse(quote);
    } catch (PhalaException e) {
      return null;
    }
  }

  private static void printReport(PrintWriter out, VerifiedQuote v) {
    out.println("Verification: OK" + (v.trustAnchor().intelRoot() ? "" : " (UNDER A NON-INTEL ROOT)"));
    out.println("Trust anchor: " + v.trustAnchor().describe());
    out.println("TEE: " + v.teeType() + " (quote v" + v.quote().version() + ", " + ReportFields.reportType(v.report()) + ")");
    out.println("TCB status: " + v.status().wireName()
        + " (platform " + v.platformStatus().wireName() + ", QE " + v.qeStatus().wireName() + ")");
    out.println("Advisory IDs: " + (v.advisoryIds().isEmpty() ? "none" : String.join(", ", v.advisoryIds())));
    out.println("FMSPC: " + v.fmspc());
    out.println("Report:");
    ReportFields.of(v.report()).forEach((k, val) -> out.println("  " + k + ": " + val));
  }
}

package io.phat4j.cli;

import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerification;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.pcs.CachingCollateralSource;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.core.Bytes32;
import io.phat4j.core.PhalaException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verify-app}: verifies a dstack app's evidence, OS image included, and prints the report. */
@Command(
    name = "verify-app",
    mixinStandardHelpOptions = true,
    header = "Verifies a dstack app's evidence in one call, OS image included.",
    description = {
      "Checks the DCAP quote, the event log against RTMR0-3, the OS image against MRTD "
          + "and RTMR0-2, and the app identity (app id, compose hash, mr_system, "
          + "mr_aggregated).",
      "Input: a dstack-verifier request, a guest-agent GetQuote or Attest response, a "
          + "Phala Cloud attestation, or an RA-TLS certificate (PEM); the shape is detected.",
      "Without collateral and without a reachable PCCS the quote link fails with that "
          + "reason and the other links are still computed and printed.",
      "Exit 0 when valid, 1 when not, 2 when the input is unusable."
    })
final class VerifyAppCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "FILE", description = "The evidence file.")
  Path input;

  @Option(names = "--collateral", paramLabel = "FILE", description = "QuoteCollateralV3 JSON for the quote.")
  Path collateral;

  @Option(names = "--time", paramLabel = "EPOCH_SECONDS", description = "Verification time (default: now).")
  Long time;

  @Option(names = "--pccs-url", paramLabel = "URL", description = "Fetch collateral from this PCCS or Intel PCS.")
  URI pccsUrl;

  @Option(names = "--expect-compose-hash", paramLabel = "HEX", description = "Accepted compose hash (repeatable).")
  List<String> composeHashes = new ArrayList<>();

  @Option(names = "--json", description = "Print dstack-verifier's JSON response instead of the text report.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AppEvidence evidence = EvidenceInput.parse(Inputs.readFile(InputKind.EVIDENCE, "--input", input), input.toString());
    AppPolicy.Builder policy = AppPolicy.builder();
    for (String hex : composeHashes) {
      try {
        policy.allowComposeHashes(Bytes32.fromHex("--expect-compose-hash", hex.startsWith("0x") ? hex.substring(2) : hex));
      } catch (PhalaException e) {
        throw new CliException(Main.USAGE, e.getMessage(), e);
      }
    }
    AppVerification v = verifier(collateral, pccsUrl, time).verify(evidence, policy.build());
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? v.toJson() + "\n" : v.toText());
    out.flush();
    return v.isValid() ? Main.OK : Main.REJECTED;
  }

  /**
   * The verifier for the CLI's collateral options: a file wins over a PCCS; neither means no
   * collateral. Collateral that does not parse is unusable input (exit 2), as verify-app documents.
   */
  static AppVerifier verifier(Path collateral, URI pccsUrl, Long time) {
    Clock clock = time == null ? Clock.systemUTC() : Clock.fixed(Inputs.time("--time", time), ZoneOffset.UTC);
    AppVerifier.Builder b = AppVerifier.builder().clock(clock).quoteVerifier(QuoteVerifier.builder().clock(clock).build());
    if (collateral != null) {
      QuoteCollateral c = QuoteInputs.parseCollateral(
          Inputs.readFile(InputKind.COLLATERAL, "--collateral", collateral), collateral, Main.USAGE);
      b.collateral(c);
    } else if (pccsUrl != null) {
      try {
        b.collateralSource(CachingCollateralSource.builder(PcsCollateralClient.builder().baseUrl(pccsUrl).build()).build());
      } catch (IllegalArgumentException e) {
        throw new CliException(Main.USAGE, "bad --pccs-url: " + e.getMessage(), e);
      }
    }
    return b.build();
  }
}

package io.phat4j.cli;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-verify}: verifies one quote N times in this JVM and reports quotes per second.
 * A quick harness; the JMH benchmarks in {@code benchmarks/} are the reference figures.
 */
@Command(
    name = "bench-verify",
    mixinStandardHelpOptions = true,
    header = "Verifies one quote many times, on one or more threads, and prints quotes per "
        + "second.",
    description = {
      "Verifies the same quote N times in one JVM; the last line is "
          + "quotes_per_second=<number>.",
      "Warm (default): one verifier, its caches on. --cold: a new verifier and freshly "
          + "parsed collateral for every quote, nothing reused. --threads T: T threads share the "
          + "verifier, each verifying N quotes (T x N in all). Untimed warm-up iterations run "
          + "first on every thread (--warmup, default min(N, 200))."
    })
final class BenchVerifyCommand implements Callable<Integer> {
  @Option(names = "--quote", required = true, paramLabel = "F") Path quote;
  @Option(names = "--collateral", required = true, paramLabel = "F") Path collateral;
  @Option(names = "--time", required = true, paramLabel = "T", description = "Verification time, unix seconds.")
  long time;
  @Option(names = "--root-ca", paramLabel = "F", description = "Trust anchor (DER); default: the Intel SGX Root CA.")
  Path rootCa;
  @Option(names = "--iterations", paramLabel = "N", defaultValue = "2000") int iterations;
  @Option(names = "--warmup", paramLabel = "N") Integer warmup;
  @Option(names = "--cold", description = "Reuse nothing between quotes.") boolean cold;
  @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
      description = "Threads sharing the verifier; each verifies N quotes (default 1).")
  int threads;

  @Mixin BackendOption backendOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (iterations < 1) {
      throw CliException.usage("--iterations must be at least 1");
    }
    if (threads < 1 || threads > 256) {
      throw CliException.usage("--threads must be between 1 and 256");
    }
    if (warmup != null && warmup < 0) {
      throw CliException.usage("--warmup must not be negative");
    }
    Instant now = Inputs.time("--time", time);
    byte[] quoteBytes = Inputs.readFile(InputKind.QUOTE, "--quote", quote);
    byte[] collateralJson = Inputs.readFile(InputKind.COLLATERAL, "--collateral", collateral);
    byte[] root = rootCa == null ? null : Inputs.readFile(InputKind.CERTIFICATE, "--root-ca", rootCa);
    QuoteCollateral parsed = QuoteInputs.parseCollateral(collateralJson, collateral);
    CryptoBackend backend = backendOption.backend;
    QuoteVerifier shared = QuoteInputs.verifier(root, backend);
    Runnable verifyOnce =
        cold
            // Cold: parse the collateral and build a verifier (empty caches) for every quote.
            ? () -> QuoteInputs.verifier(root, backend).verify(quoteBytes, QuoteCollateral.fromJson(collateralJson), now)
            : () -> shared.verify(quoteBytes, parsed, now);
    // Fail fast, with the verifier's reason, if this quote does not verify at all.
    shared.verify(quoteBytes, parsed, now);
    int warm = warmup != null ? warmup : Math.min(iterations, 200);
    ParallelRun.Timing timing = ParallelRun.time(threads, warm, iterations, verifyOnce);
    double seconds = timing.seconds();
    long total = (long) threads * iterations;
    PrintWriter out = spec.commandLine().getOut();
    out.println("mode=" + (cold ? "cold" : "warm"));
    out.println("backend=" + shared.cryptoBackendInfo().active());
    out.println("threads=" + threads);
    out.println("iterations=" + total);
    out.println(String.format(Locale.ROOT, "seconds=%.3f", seconds));
    out.println(String.format(Locale.ROOT, "cpu_seconds=%.3f", timing.cpuSeconds()));
    out.println(String.format(Locale.ROOT, "quotes_per_cpu_second=%.1f", total / timing.cpuSeconds()));
    out.println(String.format(Locale.ROOT, "quotes_per_second=%.1f", total / seconds));
    return Main.OK;
  }
}

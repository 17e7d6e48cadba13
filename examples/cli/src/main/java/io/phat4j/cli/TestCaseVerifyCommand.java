package io.phat4j.cli;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.QuoteVerificationException;
import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.core.PhalaException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code test-case verify}: dcap-qvl's {@code test_case verify} contract. Success prints
 * {@code Verification successful} and {@code Status: <status>}; failure prints
 * {@code Verification failed: <message>} (and {@code Caused by:} lines) on stderr and exits 1.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Verifies a DCAP quote against collateral as dcap-qvl's test_case verify does.")
final class TestCaseVerifyCommand implements Callable<Integer> {
  @Option(names = "--time", paramLabel = "T", description = "Verification time, unix seconds (default: the clock).")
  Long time;

  @Parameters(index = "0", paramLabel = "QUOTE", description = "Raw quote bytes.")
  Path quote;

  @Parameters(index = "1", paramLabel = "COLLATERAL", description = "QuoteCollateralV3 JSON.")
  Path collateral;

  @Parameters(index = "2", arity = "0..1", paramLabel = "ROOT_CA_DER",
      description = "Trust anchor certificate (DER); default: the Intel SGX Root CA.")
  Path rootCa;

  @Mixin BackendOption backendOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return verify(time, quote, collateral, rootCa, backendOption.backend,
        spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * The command itself, shared by the picocli path and {@link TestCaseVerifyFastPath}: the same
   * output, exit codes and exceptions (an unreadable file throws; {@link Main} reports it).
   */
  static int verify(@Nullable Long time, Path quote, Path collateral, @Nullable Path rootCa,
      @Nullable CryptoBackend backend, PrintWriter out, PrintWriter err) {
    QuoteInputs in = QuoteInputs.load(QuoteInputs.Names.TEST_CASE, quote, collateral, rootCa, time);
    try {
      VerifiedQuote verified = in.verifier(backend).verify(in.quote(), in.collateral(), in.now());
      out.println("Verification successful");
      out.println("Status: " + verified.status().wireName());
      out.println("Advisory IDs: " + verified.advisoryIds());
      return Main.OK;
    } catch (QuoteVerificationException e) {
      // Verification failures print like dcap-qvl's CLI: the reference message first.
      err.println("Verification failed: " + e.dcapQvlMessage());
      String detail = e.getMessage().substring(e.dcapQvlMessage().length()).replaceFirst("^: ", "");
      if (!detail.isEmpty()) {
        err.println("  Caused by: " + detail);
      }
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (!detail.equals(c.getMessage())) {
          err.println("  Caused by: " + c.getMessage());
        }
      }
      return Main.REJECTED;
    } catch (PhalaException e) {
      // The trust anchor itself could not be used (not a certificate, say).
      err.println("Verification failed: " + e.getMessage());
      return Main.REJECTED;
    }
  }
}

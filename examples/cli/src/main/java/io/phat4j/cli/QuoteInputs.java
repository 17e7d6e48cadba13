package io.phat4j.cli;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.NativeCryptoUnavailableException;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.core.DecodeException;
import java.nio.file.Path;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The files every quote command reads: quote, collateral JSON, optional trust anchor and time.
 * Unreadable or oversized files are usage errors (exit 2); malformed collateral JSON is rejected
 * input (exit 1), except under {@code test-case verify}, whose dcap-qvl contract makes it 2.
 */
record QuoteInputs(byte[] quote, QuoteCollateral collateral, byte @Nullable [] rootCaDer, Instant now) {
  /** How the command names its three files, for error messages. */
  record Names(String quote, String collateral, String rootCa, int malformedCollateralExit) {
    /** verify-quote, bench-verify: the option names. */
    static final Names OPTIONS = new Names("--quote", "--collateral", "--root-ca", Main.REJECTED);
    /** test-case verify: the positional labels, and dcap-qvl's exit 2 for a parse error. */
    static final Names TEST_CASE = new Names("QUOTE", "COLLATERAL", "ROOT_CA_DER", Main.USAGE);
  }

  static QuoteInputs load(Path quote, Path collateral, @Nullable Path rootCa, @Nullable Long time) {
    return load(Names.OPTIONS, quote, collateral, rootCa, time);
  }

  static QuoteInputs load(Names names, Path quote, Path collateral, @Nullable Path rootCa, @Nullable Long time) {
    Instant now = Inputs.time("--time", time);
    byte[] quoteBytes = Inputs.readFile(InputKind.QUOTE, names.quote(), quote);
    byte[] collateralJson = Inputs.readFile(InputKind.COLLATERAL, names.collateral(), collateral);
    byte[] root = rootCa == null ? null : Inputs.readFile(InputKind.CERTIFICATE, names.rootCa(), rootCa);
    QuoteCollateral parsed = parseCollateral(collateralJson, collateral, names.malformedCollateralExit());
    return new QuoteInputs(quoteBytes, parsed, root, now);
  }

  /** Parses collateral JSON; malformed JSON is rejected input (exit 1). */
  static QuoteCollateral parseCollateral(byte[] json, Path file) {
    return parseCollateral(json, file, Main.REJECTED);
  }

  /** As {@link #parseCollateral(byte[], Path)}, with the exit code a command's contract gives bad JSON. */
  static QuoteCollateral parseCollateral(byte[] json, Path file, int exitCode) {
    try {
      return QuoteCollateral.fromJson(json);
    } catch (DecodeException e) {
      throw new CliException(exitCode, "cannot parse collateral " + file + ": " + e.getMessage(), e);
    }
  }

  /** A verifier for these inputs: the given trust anchor, or the pinned Intel root; the chosen crypto backend. */
  QuoteVerifier verifier(@Nullable CryptoBackend backend) {
    return verifier(rootCaDer, backend, false);
  }

  QuoteVerifier verifier(@Nullable CryptoBackend backend, boolean strictEncoding) {
    return verifier(rootCaDer, backend, strictEncoding);
  }

  /**
   * Builds a verifier; an unavailable {@code --backend native} is an environment error (exit 2),
   * not a verification failure.
   */
  static QuoteVerifier verifier(byte @Nullable [] rootCaDer, @Nullable CryptoBackend backend) {
    return verifier(rootCaDer, backend, false);
  }

  private static QuoteVerifier verifier(byte @Nullable [] rootCaDer, @Nullable CryptoBackend backend, boolean strictEncoding) {
    QuoteVerifier.Builder builder = QuoteVerifier.builder().strictEncoding(strictEncoding);
    if (rootCaDer != null) {
      builder.trustAnchor(rootCaDer);
    }
    if (backend != null) {
      builder.cryptoBackend(backend);
    }
    try {
      return builder.build();
    } catch (NativeCryptoUnavailableException | IllegalArgumentException e) {
      throw new CliException(Main.USAGE, e.getMessage(), e);
    }
  }
}

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
 * Unreadable files and malformed collateral JSON are usage errors (exit 2), as in dcap-qvl's CLI.
 */
record QuoteInputs(byte[] quote, QuoteCollateral collateral, byte @Nullable [] rootCaDer, Instant now) {
  static QuoteInputs load(Path quote, Path collateral, @Nullable Path rootCa, @Nullable Long time) {
    byte[] quoteBytes = Inputs.readFile(quote);
    byte[] collateralJson = Inputs.readFile(collateral);
    byte[] root = rootCa == null ? null : Inputs.readFile(rootCa);
    QuoteCollateral parsed = parseCollateral(collateralJson, collateral);
    Instant now = time == null ? Instant.now() : Instant.ofEpochSecond(time);
    return new QuoteInputs(quoteBytes, parsed, root, now);
  }

  static QuoteCollateral parseCollateral(byte[] json, Path file) {
    try {
      return QuoteCollateral.fromJson(json);
    } catch (DecodeException e) {
      throw new CliException(Main.USAGE, "cannot parse collateral " + file + ": " + e.getMessage(), e);
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

package io.phat4j.benchmarks;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.VerifiedQuote;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The child process of {@link StartupHarness}: the smallest program a service would run to verify
 * its first quote. It reads a real quote and its collateral (bundled vectors), builds a verifier,
 * verifies, and prints {@code verified <status>} the moment the verdict is known; the parent times
 * the line. Everything a real first call pays is here: class loading, the collateral JSON, the
 * certificate chain, nine ECDSA checks, the crypto backend's start.
 *
 * <p>Run alone: {@code java -cp benchmarks/target/benchmarks.jar io.phat4j.benchmarks.FirstQuoteApp
 * [vector=tdx_v4_phala_sample] [backend=auto|pure|native]}
 */
public final class FirstQuoteApp {
  private FirstQuoteApp() {}

  /**
   * Verifies one quote and prints {@code verified <status>}.
   *
   * @param args vector and backend (both optional)
   */
  public static void main(String[] args) {
    String vector = args.length > 0 ? args[0] : "tdx_v4_phala_sample";
    CryptoBackend backend = CryptoBackend.parse(args.length > 1 ? args[1] : "auto");
    byte[] quote = resource(vector, "quote.bin");
    QuoteCollateral collateral = QuoteCollateral.fromJson(resource(vector, "collateral.json"));
    Instant at = Instant.ofEpochSecond(
        Long.parseLong(new String(resource(vector, "time.txt"), StandardCharsets.US_ASCII).strip()));
    QuoteVerifier verifier = QuoteVerifier.builder().cryptoBackend(backend).build();
    VerifiedQuote verified = verifier.verify(quote, collateral, at);
    System.out.println("verified " + verified.status().wireName());
    System.out.flush();
  }

  private static byte[] resource(String vector, String name) {
    String path = "/vectors/" + vector + "/" + name;
    try (InputStream in = FirstQuoteApp.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("missing resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

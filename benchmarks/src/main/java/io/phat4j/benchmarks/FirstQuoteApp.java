package io.phat4j.benchmarks;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.VerifiedQuote;
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
    QuoteVector v = QuoteVector.load(vector);
    byte[] quote = v.quote();
    QuoteCollateral collateral = QuoteCollateral.fromJson(v.collateralJson());
    Instant at = v.time();
    QuoteVerifier verifier = QuoteVerifier.builder().cryptoBackend(backend).build();
    VerifiedQuote verified = verifier.verify(quote, collateral, at);
    System.out.println("verified " + verified.status().wireName());
    System.out.flush();
  }

}

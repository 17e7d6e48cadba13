package io.phat4j.benchmarks;

import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.VerifiedQuote;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DCAP quote verification throughput on one thread, with real quotes and Intel-signed collateral.
 *
 * <ul>
 *   <li>{@code warm}: one {@link QuoteVerifier} reused, collateral parsed once. After the first
 *       quote only the per-quote work remains: parse, QE report signature, QE binding hash, quote
 *       signature, TCB match.
 *   <li>{@code cold}: nothing reused: the collateral JSON is parsed and a new verifier (empty
 *       caches) built for every quote, so every certificate, CRL and collateral signature is
 *       checked again.
 *   <li>{@code parseOnly}: {@link io.phat4j.attestation.dcap.Quote#parse} alone, the floor.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QuoteVerify -f 1 -wi 3 -i 5 -t 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QuoteVerifyBenchmark {
  @Param({"tdx_v4_phala_sample", "sgx_v3_phala_sample"})
  public String vector;

  private byte[] quote;
  private byte[] collateralJson;
  private QuoteCollateral collateral;
  private Instant now;
  private QuoteVerifier warmVerifier;

  /** Loads the vector and checks that it verifies, so a broken build cannot benchmark failures. */
  @Setup
  public void setUp() {
    quote = resource("quote.bin");
    collateralJson = resource("collateral.json");
    collateral = QuoteCollateral.fromJson(collateralJson);
    now = Instant.ofEpochSecond(Long.parseLong(new String(resource("time.txt"), StandardCharsets.US_ASCII).strip()));
    warmVerifier = QuoteVerifier.builder().build();
    warmVerifier.verify(quote, collateral, now);
  }

  private byte[] resource(String name) {
    String path = "/vectors/" + vector + "/" + name;
    try (InputStream in = QuoteVerifyBenchmark.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing benchmark resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Verifies with a warm verifier. */
  @Benchmark
  public VerifiedQuote warm() {
    return warmVerifier.verify(quote, collateral, now);
  }

  /** Verifies with nothing reused. */
  @Benchmark
  public VerifiedQuote cold() {
    return QuoteVerifier.builder().build().verify(quote, QuoteCollateral.fromJson(collateralJson), now);
  }

  /** Parses the quote only. */
  @Benchmark
  public Object parseOnly() {
    return io.phat4j.attestation.dcap.Quote.parse(quote);
  }
}

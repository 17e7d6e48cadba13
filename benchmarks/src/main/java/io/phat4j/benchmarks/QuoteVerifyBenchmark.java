package io.phat4j.benchmarks;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.attestation.dcap.internal.CryptoBackends;
import io.phat4j.attestation.dcap.internal.EcdsaBackend;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DCAP quote verification throughput on one thread, real quotes with Intel-signed collateral, with
 * the pure-Java and the native (OpenSSL through FFM) crypto backend in the same run.
 *
 * <ul>
 *   <li>{@code warm}: one verifier reused, collateral parsed once: after the first quote only the
 *       per-quote work remains (parse, QE report signature, QE binding hash, quote signature, TCB
 *       match).
 *   <li>{@code cold}: nothing reused: the collateral JSON is parsed and a new verifier (empty
 *       caches) built for every quote, so every certificate, CRL and collateral signature is
 *       checked again.
 *   <li>{@code coldFloorSignatures}, {@code coldFloorLibraries}: the two parts of {@code cold} no
 *       implementation on these libraries avoids, alone: their sum bounds cold throughput.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QuoteVerify -f 1 -wi 3 -i 5 -t 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class QuoteVerifyBenchmark {
  @Param({"pure", "native"})
  public String backend;

  @Param({"tdx_v4_phala_sample", "sgx_v3_phala_sample"})
  public String vector;

  private CryptoBackend choice;
  private byte[] quote;
  private byte[] collateralJson;
  private QuoteCollateral collateral;
  private Instant now;
  private QuoteVerifier warmVerifier;
  private ColdFloor floor;
  private EcdsaBackend floorBackend;

  /** Loads the vector, builds the verifier (NATIVE fails here if OpenSSL is missing) and checks that it verifies. */
  @Setup
  public void setUp() {
    choice = CryptoBackend.parse(backend);
    QuoteVector v = QuoteVector.load(vector);
    quote = v.quote();
    collateralJson = v.collateralJson();
    collateral = QuoteCollateral.fromJson(collateralJson);
    now = v.time();
    warmVerifier = QuoteVerifier.builder().cryptoBackend(choice).build();
    warmVerifier.verify(quote, collateral, now);
    floor = new ColdFloor(quote, collateralJson);
    floorBackend = CryptoBackends.resolve(choice, null).backend();
    floor.signatures(floorBackend);
  }


  /** Verifies with a warm verifier: two ECDSA verifies per quote plus parsing and TCB matching. */
  @Benchmark
  public VerifiedQuote warm() {
    return warmVerifier.verify(quote, collateral, now);
  }

  /** Verifies with nothing reused: every certificate, CRL and collateral signature again. */
  @Benchmark
  public VerifiedQuote cold() {
    return QuoteVerifier.builder().cryptoBackend(choice).build().verify(quote, QuoteCollateral.fromJson(collateralJson), now);
  }

  /** The floor of {@link #cold} set by the crypto: its nine signature checks alone (see {@link ColdFloor}). */
  @Benchmark
  public void coldFloorSignatures() {
    floor.signatures(floorBackend);
  }

  /** The floor of {@link #cold} set by the decoding libraries alone, the same for both backends (see {@link ColdFloor}). */
  @Benchmark
  public int coldFloorLibraries() {
    return floor.libraries();
  }
}

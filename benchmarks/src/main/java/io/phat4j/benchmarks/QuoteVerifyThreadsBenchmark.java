package io.phat4j.benchmarks;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.VerifiedQuote;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * The warm benchmark of {@link QuoteVerifyBenchmark} with one verifier shared by all threads, as a
 * service shares it: {@code warmShared1} on one thread and {@code warmShared2} on two, in the same
 * run. JMH sums the threads' operations, so {@code warmShared2 / warmShared1} is the scaling (2.0
 * when nothing is contended and both cores are free).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QuoteVerifyThreads -f 1 -wi 3 -w 3s -i 5 -r 3s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class QuoteVerifyThreadsBenchmark {
  @Param({"pure", "native"})
  public String backend;

  @Param({"tdx_v4_phala_sample"})
  public String vector;

  private byte[] quote;
  private QuoteCollateral collateral;
  private Instant now;
  private QuoteVerifier shared;

  /** Loads the vector and builds the one verifier every thread uses. */
  @Setup
  public void setUp() {
    QuoteVector v = QuoteVector.load(vector);
    quote = v.quote();
    collateral = QuoteCollateral.fromJson(v.collateralJson());
    now = v.time();
    shared = QuoteVerifier.builder().cryptoBackend(CryptoBackend.parse(backend)).build();
    shared.verify(quote, collateral, now);
  }


  /** The shared verifier on one thread. */
  @Benchmark
  @Threads(1)
  public VerifiedQuote warmShared1() {
    return shared.verify(quote, collateral, now);
  }

  /** The shared verifier on two threads at once. */
  @Benchmark
  @Threads(2)
  public VerifiedQuote warmShared2() {
    return shared.verify(quote, collateral, now);
  }
}

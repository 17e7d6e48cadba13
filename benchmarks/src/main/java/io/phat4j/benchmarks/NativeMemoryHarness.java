package io.phat4j.benchmarks;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Leak check for the native crypto backend (not a JMH benchmark, not a unit test): verifies a
 * quote N times with {@link CryptoBackend#NATIVE} and prints the process's resident set size
 * ({@code VmRSS} from {@code /proc/self/status}, Linux only) as it goes. libcrypto allocates with
 * {@code malloc}, which Native Memory Tracking does not see, so RSS is the measure: after the
 * warm-up it must stay flat.
 *
 * <p>Every {@code coldEvery}-th call uses a new verifier and freshly parsed collateral, so
 * certificate keys are parsed natively ({@code d2i_PUBKEY}) and later freed ({@code EVP_PKEY_free})
 * over and over, not only the warm path.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * io.phat4j.benchmarks.NativeMemoryHarness [calls=1000000] [coldEvery=1000] [vector=tdx_v4_phala_sample]}
 */
public final class NativeMemoryHarness {
  private NativeMemoryHarness() {}

  /**
   * Runs the harness.
   *
   * @param args calls, coldEvery, vector (all optional)
   * @throws IOException if /proc/self/status cannot be read
   */
  public static void main(String[] args) throws IOException {
    long calls = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int coldEvery = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    String vector = args.length > 2 ? args[2] : "tdx_v4_phala_sample";
    QuoteVector v = QuoteVector.load(vector);
    byte[] quote = v.quote();
    byte[] collateralJson = v.collateralJson();
    Instant now = v.time();
    QuoteCollateral collateral = QuoteCollateral.fromJson(collateralJson);
    QuoteVerifier warm = QuoteVerifier.builder().cryptoBackend(CryptoBackend.NATIVE).build();
    System.out.println("backend=" + warm.cryptoBackendInfo().active());
    long step = Math.max(1, calls / 10);
    long start = System.nanoTime();
    long baseline = -1;
    for (long i = 1; i <= calls; i++) {
      if (coldEvery > 0 && i % coldEvery == 0) {
        QuoteVerifier.builder().cryptoBackend(CryptoBackend.NATIVE).build()
            .verify(quote, QuoteCollateral.fromJson(collateralJson), now);
      } else {
        warm.verify(quote, collateral, now);
      }
      if (i % step == 0) {
        // Let the cleaners free the keys of dropped verifiers before measuring.
        System.gc();
        long rss = rssKb();
        if (baseline < 0) {
          baseline = rss;
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "calls=%d rss_kb=%d delta_from_first_sample_kb=%d heap_used_kb=%d elapsed_s=%.1f%n",
            i, rss, rss - baseline, (rt.totalMemory() - rt.freeMemory()) / 1024, (System.nanoTime() - start) / 1e9);
      }
    }
  }

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

}

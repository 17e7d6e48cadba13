package io.phat4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerification;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.core.Hex;
import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.DcapTestVector;
import io.phat4j.testkit.TdReportSpec;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Warm {@code AppVerifier} throughput on dstack-verifier's lite fixture ({@code tdx-lite-getquote}),
 * one thread, one verifier built once (its QuoteVerifier caches warm, the OS-image engine's
 * reference values loaded).
 *
 * <ul>
 *   <li>{@code allLinks}: every link passes. No collateral exists for the fixture's quote, so its
 *       TD report (MRTD, RTMR0–3, config ids, report data) is re-signed under the testkit's DCAP PKI
 *       with matching collateral, and the verifier trusts that root: the quote link does the full
 *       per-quote DCAP work (parse, QE report and quote signatures, TCB match) with the collateral
 *       already verified and cached, then the event log (29 events parsed, digests recomputed,
 *       replayed), the OS image (lite path: checksum file, CBOR, MRTD and RTMR0–2 recomputed) and
 *       the identity.
 *   <li>{@code linksWithoutDcap}: the real fixture with no collateral source: the quote link fails
 *       at once, so this is the cost of the other links alone.
 *   <li>{@code allLinksToJson}: {@code allLinks} plus rendering dstack-verifier's JSON.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AppVerify -f 1 -wi 3 -w 2s -i 5 -r 3s -t 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AppVerifyBenchmark {
  private AppVerifier signed;
  private AppEvidence signedEvidence;
  private AppVerifier noCollateral;
  private AppEvidence realEvidence;
  private AppPolicy policy;

  /** Builds both verifiers and checks that the first verifies and the second fails only at the quote. */
  @Setup
  public void setUp() throws IOException {
    byte[] fixture = QuoteVector.resource("/vectors/app/tdx-lite-getquote.json");
    JsonNode lite = new ObjectMapper().readTree(fixture);
    realEvidence = AppEvidence.fromJson(fixture);
    noCollateral = AppVerifier.builder().build();
    policy = AppPolicy.defaults();

    TdReport td = (TdReport) Quote.parse(Hex.decode("quote", lite.get("quote").asText())).body();
    TdReportSpec.Builder spec = TdReportSpec.builder()
        .teeTcbSvn(td.teeTcbSvn()).mrSeam(td.mrSeam().toByteArray()).mrSignerSeam(td.mrSignerSeam().toByteArray())
        .seamAttributes(td.seamAttributes()).tdAttributes(td.tdAttributes()).xfam(td.xfam())
        .mrTd(td.mrTd().toByteArray()).mrConfigId(td.mrConfigId().toByteArray()).mrOwner(td.mrOwner().toByteArray())
        .mrOwnerConfig(td.mrOwnerConfig().toByteArray()).reportData(td.reportData());
    for (int i = 0; i < 4; i++) {
      spec.rtmr(i, td.rtmr(i).toByteArray());
    }
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    DcapTestPki pki = DcapTestPki.builder().seed("app-verify-benchmark").clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    DcapTestVector v = DcapTestVector.tdxV4(pki).tdReport(spec.build()).build();
    Clock clock = Clock.fixed(v.time(), ZoneOffset.UTC);
    signed = AppVerifier.builder()
        .quoteVerifier(QuoteVerifier.builder().trustAnchor(v.rootCaDer()).clock(clock).build())
        .collateral(QuoteCollateral.fromJson(v.collateral().toJson()))
        .clock(clock)
        .build();
    signedEvidence = AppEvidence.ofQuote(v.quote(), lite.get("event_log").asText(), lite.get("vm_config").asText());

    AppVerification ok = signed.verify(signedEvidence, policy);
    if (!ok.isValid()) {
      throw new IllegalStateException("setup: the re-signed fixture does not verify: " + ok.reason());
    }
    AppVerification offline = noCollateral.verify(realEvidence, policy);
    if (offline.failedLinks().size() != 1) {
      throw new IllegalStateException("setup: expected only the quote link to fail: " + offline.reason());
    }
  }


  /** Every link, the quote's DCAP work included. */
  @Benchmark
  public AppVerification allLinks() {
    return signed.verify(signedEvidence, policy);
  }

  /** Event log, OS image and identity; the quote link fails at once for want of collateral. */
  @Benchmark
  public AppVerification linksWithoutDcap() {
    return noCollateral.verify(realEvidence, policy);
  }

  /** Every link and the JSON report. */
  @Benchmark
  public String allLinksToJson() {
    return signed.verify(signedEvidence, policy).toJson();
  }
}

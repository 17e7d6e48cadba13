package io.phat4j.attestation.app;

import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.DcapTestVector;
import io.phat4j.testkit.TdReportSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A test platform (the testkit's DCAP PKI) that re-signs a real quote's TD report, so the quote
 * link can pass with real event logs and VM configs: same MRTD, RTMRs, config ids and report data,
 * signed by a test PCK under a test root with matching collateral.
 */
record TestPlatform(byte[] quote, QuoteCollateral collateral, byte[] rootCaDer, Instant time) {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  static TestPlatform resign(byte[] realQuote) {
    return resign(realQuote, ((TdReport) Quote.parse(realQuote).body()).reportData());
  }

  /** Re-signs a real quote's TD report with other report data. */
  static TestPlatform resign(byte[] realQuote, byte[] reportData) {
    TdReport td = (TdReport) Quote.parse(realQuote).body();
    TdReportSpec.Builder spec = TdReportSpec.builder()
        .teeTcbSvn(td.teeTcbSvn())
        .mrSeam(td.mrSeam().toByteArray())
        .mrSignerSeam(td.mrSignerSeam().toByteArray())
        .seamAttributes(td.seamAttributes())
        .tdAttributes(td.tdAttributes())
        .xfam(td.xfam())
        .mrTd(td.mrTd().toByteArray())
        .mrConfigId(td.mrConfigId().toByteArray())
        .mrOwner(td.mrOwner().toByteArray())
        .mrOwnerConfig(td.mrOwnerConfig().toByteArray())
        .reportData(reportData);
    for (int i = 0; i < 4; i++) {
      spec.rtmr(i, td.rtmr(i).toByteArray());
    }
    DcapTestPki pki = DcapTestPki.builder().seed("app-verifier").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    DcapTestVector v = DcapTestVector.tdxV4(pki).tdReport(spec.build()).build();
    return new TestPlatform(v.quote(), QuoteCollateral.fromJson(v.collateral().toJson()), v.rootCaDer(), v.time());
  }

  /** A verifier that trusts this platform's root, at its time, with its collateral. */
  AppVerifier verifier() {
    Clock clock = Clock.fixed(time, ZoneOffset.UTC);
    return AppVerifier.builder()
        .quoteVerifier(QuoteVerifier.builder().trustAnchor(rootCaDer).clock(clock).build())
        .collateral(collateral)
        .clock(clock)
        .build();
  }
}

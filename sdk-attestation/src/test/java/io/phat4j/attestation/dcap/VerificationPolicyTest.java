package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerificationPolicyTest {
  private static final String SGX = "sgx_v3_phala_sample";
  private static final String TDX = "tdx_v4_phala_sample";

  private static VerifiedQuote verified(String name) {
    return Vectors.INTEL.verify(Vectors.quote(name), Vectors.collateral(name), Vectors.time(name));
  }

  private static void rejects(VerificationPolicy p, VerifiedQuote q, FailureReason reason, String text) {
    assertThat(p.accepts(q)).isFalse();
    assertThatThrownBy(() -> p.check(q))
        .isInstanceOfSatisfying(QuoteVerificationException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(text);
  }

  @Test
  void check_strictPolicyUpToDateTdx_accepts() {
    assertThat(VerificationPolicy.strict().accepts(verified(TDX))).isTrue();
  }

  @Test
  void check_strictPolicyConfigurationNeededSgx_rejectsStatus() {
    rejects(VerificationPolicy.strict(), verified(SGX), FailureReason.POLICY_TCB_STATUS, "ConfigurationAndSWHardeningNeeded");
  }

  @Test
  void check_strictPolicyOutOfDateTdx_rejectsStatus() {
    rejects(VerificationPolicy.strict(), verified("tdx_v4_automata_00806f_0725"), FailureReason.POLICY_TCB_STATUS, "OutOfDate");
  }

  @Test
  void check_acceptedStatusWithoutAdvisories_rejectsAdvisory() {
    VerificationPolicy p = VerificationPolicy.builder()
        .acceptedStatuses(TcbStatus.UP_TO_DATE, TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED).build();
    rejects(p, verified(SGX), FailureReason.POLICY_ADVISORY, "INTEL-SA-00289");
  }

  @Test
  void check_acceptedStatusAndAdvisories_accepts() {
    VerificationPolicy p = VerificationPolicy.builder()
        .acceptedStatuses(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED)
        .allowAdvisoryIds("INTEL-SA-00289", "INTEL-SA-00615")
        .build();
    assertThat(p.accepts(verified(SGX))).isTrue();
    VerificationPolicy any = VerificationPolicy.builder()
        .acceptedStatuses(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED).allowAnyAdvisory().build();
    assertThat(any.accepts(verified(SGX))).isTrue();
  }

  @Test
  void builder_revokedAndUnknownStatuses_neverAccepted() {
    VerificationPolicy p = VerificationPolicy.builder().acceptedStatuses(TcbStatus.REVOKED, TcbStatus.UNKNOWN).build();
    rejects(p, verified(TDX), FailureReason.POLICY_TCB_STATUS, "UpToDate");
  }

  @Test
  void check_reportDataPrefix_acceptsOnlyMatchingNonce() {
    VerifiedQuote q = verified(SGX);
    VerificationPolicy ok = VerificationPolicy.builder().acceptedStatuses(q.status()).allowAnyAdvisory()
        .expectedReportDataPrefix("Hello, world!".getBytes(StandardCharsets.US_ASCII)).build();
    assertThat(ok.accepts(q)).isTrue();
    VerificationPolicy bad = VerificationPolicy.builder().acceptedStatuses(q.status()).allowAnyAdvisory()
        .expectedReportDataPrefix("Hello, World!".getBytes(StandardCharsets.US_ASCII)).build();
    rejects(bad, q, FailureReason.POLICY_REPORT_DATA, "report data");
  }

  @Test
  void check_expectedReportData_acceptsOnlyFullMatch() {
    VerifiedQuote q = verified(TDX);
    assertThat(VerificationPolicy.builder().expectedReportData(q.report().reportData()).build().accepts(q)).isTrue();
    byte[] other = q.report().reportData();
    other[63] ^= 1;
    rejects(VerificationPolicy.builder().expectedReportData(other).build(), q, FailureReason.POLICY_REPORT_DATA, "64 bytes");
    assertThatThrownBy(() -> VerificationPolicy.builder().expectedReportData(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
  }

  @Test
  void check_mrTdAndRtmrAllowlists_acceptOnlyListedValues() {
    VerifiedQuote q = verified(TDX);
    TdReport td = (TdReport) q.report();
    assertThat(VerificationPolicy.builder().allowMrTd(td.mrTd()).allowRtmr(3, td.rtmr(3)).build().accepts(q)).isTrue();
    rejects(VerificationPolicy.builder().allowMrTd(td.rtmr(0)).build(), q, FailureReason.POLICY_MEASUREMENT, "MRTD");
    rejects(VerificationPolicy.builder().allowRtmr(2, td.rtmr(1)).build(), q, FailureReason.POLICY_MEASUREMENT, "RTMR2");
    rejects(VerificationPolicy.builder().allowMrEnclave(io.phat4j.core.Bytes32.of(new byte[32])).build(), q,
        FailureReason.POLICY_MEASUREMENT, "quote is TDX");
  }

  @Test
  void check_mrEnclaveAndMrSignerAllowlists_acceptOnlyListedValues() {
    VerifiedQuote q = verified(SGX);
    SgxReport r = (SgxReport) q.report();
    VerificationPolicy.Builder base = VerificationPolicy.builder().acceptedStatuses(q.status()).allowAnyAdvisory();
    assertThat(base.allowMrEnclave(r.mrEnclave()).allowMrSigner(r.mrSigner()).build().accepts(q)).isTrue();
    rejects(VerificationPolicy.builder().acceptedStatuses(q.status()).allowAnyAdvisory().allowMrSigner(r.mrEnclave()).build(),
        q, FailureReason.POLICY_MEASUREMENT, "MRSIGNER");
    rejects(VerificationPolicy.builder().acceptedStatuses(q.status()).allowAnyAdvisory()
        .allowMrTd(io.phat4j.core.Measurement.of(new byte[48])).build(), q, FailureReason.POLICY_MEASUREMENT, "quote is SGX");
  }

  @Test
  void check_debugReport_rejectedUnlessAllowed() {
    String v = "sgx_v3_automata_solana";
    VerifiedQuote q = QuoteVerifier.builder().allowDebug(true).build().verify(Vectors.quote(v), Vectors.collateral(v), Vectors.time(v));
    VerificationPolicy.Builder b = VerificationPolicy.builder().acceptedStatuses(q.status()).allowAnyAdvisory();
    rejects(b.build(), q, FailureReason.POLICY_DEBUG, "debug");
    assertThat(b.allowDebug(true).build().accepts(q)).isTrue();
  }

  @Test
  void check_collateralMaxAge_rejectsOlderCollateral() {
    VerifiedQuote q = verified(TDX); // collateral issued 2025-06-19, verified 2025-07-04
    assertThat(VerificationPolicy.builder().collateralMaxAge(Duration.ofDays(30)).build().accepts(q)).isTrue();
    rejects(VerificationPolicy.builder().collateralMaxAge(Duration.ofDays(1)).build(), q, FailureReason.POLICY_COLLATERAL_AGE,
        "older than");
  }
}

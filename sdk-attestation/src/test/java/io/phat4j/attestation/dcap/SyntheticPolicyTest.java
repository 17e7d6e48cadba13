package io.phat4j.attestation.dcap;

import static io.phat4j.attestation.dcap.Synthetic.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.Measurement;
import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.DcapTestVector;
import io.phat4j.testkit.TcbLevelStatus;
import io.phat4j.testkit.TdReportSpec;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link VerificationPolicy} on generated quotes whose status, debug bit and measurements are
 * chosen by the test: the policy decides after a verification that succeeded.
 */
class SyntheticPolicyTest {
  private static DcapTestPki pki;
  private static VerifiedQuote upToDate;

  @BeforeAll
  static void pki() {
    pki = Synthetic.pki("synthetic-policy");
    upToDate = verify(DcapTestVector.tdxV4(pki).build());
  }

  private static void rejects(VerificationPolicy p, VerifiedQuote q, FailureReason reason, String text) {
    assertThat(p.accepts(q)).isFalse();
    assertThatThrownBy(() -> p.check(q))
        .isInstanceOfSatisfying(QuoteVerificationException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(text);
  }

  @Test
  void check_strictPolicyUpToDate_accepts() {
    assertThat(VerificationPolicy.strict().accepts(upToDate)).isTrue();
  }

  @Test
  void check_outOfDateOnlyThroughQe_rejectsStatus() {
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki).qeStatus(TcbLevelStatus.OUT_OF_DATE, "INTEL-SA-00837").build());
    rejects(VerificationPolicy.strict(), q, FailureReason.POLICY_TCB_STATUS, "status OutOfDate");
  }

  @Test
  void check_outOfDateAcceptedOneAdvisoryAllowed_rejectsTheOther() {
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki)
        .platformStatus(TcbLevelStatus.OUT_OF_DATE, "INTEL-SA-00960", "INTEL-SA-00982").build());
    VerificationPolicy p = VerificationPolicy.builder().acceptedStatuses(TcbStatus.OUT_OF_DATE)
        .allowAdvisoryIds("INTEL-SA-00960").build();
    rejects(p, q, FailureReason.POLICY_ADVISORY, "advisory INTEL-SA-00982 is not allowed");
    assertThat(VerificationPolicy.builder().acceptedStatuses(TcbStatus.OUT_OF_DATE)
        .allowAdvisoryIds("INTEL-SA-00960", "INTEL-SA-00982").build().accepts(q)).isTrue();
  }

  @Test
  void check_debugTdVerifiedWithAllowDebug_rejectedUnlessPolicyAllowsDebug() {
    DcapTestVector v = DcapTestVector.tdxV4(pki)
        .tdReport(TdReportSpec.builder().tdAttributes(new byte[] {1, 0, 0, 0x10, 0, 0, 0, 0}).build()).build();
    VerifiedQuote q = verify(Synthetic.verifierFor(v).allowDebug(true).build(), v);
    rejects(VerificationPolicy.strict(), q, FailureReason.POLICY_DEBUG, "the TDX report has the debug bit set");
    assertThat(VerificationPolicy.builder().allowDebug(true).build().accepts(q)).isTrue();
  }

  @Test
  void check_reportData_acceptsOnlyTheQuotedBytes() {
    byte[] reportData = pki.deriveBytes("report-data", 64);
    assertThat(VerificationPolicy.builder().expectedReportData(reportData).build().accepts(upToDate)).isTrue();
    byte[] other = reportData.clone();
    other[63] ^= 1;
    rejects(VerificationPolicy.builder().expectedReportData(other).build(), upToDate, FailureReason.POLICY_REPORT_DATA,
        "report data does not start with the expected 64 bytes");
    assertThat(VerificationPolicy.builder().expectedReportDataPrefix(Arrays.copyOf(reportData, 32)).build()
        .accepts(upToDate)).isTrue();
  }

  @Test
  void check_mrTdAllowlist_acceptsOnlyTheQuotedMrTd() {
    Measurement mrTd = Measurement.of(pki.deriveBytes("mrtd", 48));
    Measurement other = Measurement.of(pki.deriveBytes("another-mrtd", 48));
    assertThat(VerificationPolicy.builder().allowMrTd(other, mrTd).build().accepts(upToDate)).isTrue();
    rejects(VerificationPolicy.builder().allowMrTd(other).build(), upToDate, FailureReason.POLICY_MEASUREMENT,
        "MRTD");
  }

  @Test
  void check_rtmr3Allowlist_rejectsOtherRtmr3() {
    Measurement rtmr3 = Measurement.of(pki.deriveBytes("rtmr3", 48));
    assertThat(VerificationPolicy.builder().allowRtmr(3, rtmr3).build().accepts(upToDate)).isTrue();
    rejects(VerificationPolicy.builder().allowRtmr(3, Measurement.of(pki.deriveBytes("rtmr2", 48))).build(), upToDate,
        FailureReason.POLICY_MEASUREMENT, "RTMR3");
  }

  @Test
  void check_collateralOlderThanMaxAge_rejectsCollateralAge() {
    // Generated collateral is issued one hour before the verification time.
    assertThat(VerificationPolicy.builder().collateralMaxAge(Duration.ofHours(1)).build().accepts(upToDate)).isTrue();
    rejects(VerificationPolicy.builder().collateralMaxAge(Duration.ofMinutes(59)).build(), upToDate,
        FailureReason.POLICY_COLLATERAL_AGE, "is older than PT59M");
  }
}

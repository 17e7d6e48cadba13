package io.phat4j.attestation.dcap;

import static io.phat4j.attestation.dcap.Synthetic.NOW;
import static io.phat4j.attestation.dcap.Synthetic.verify;
import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.DcapTestVector;
import io.phat4j.testkit.EnclaveTcbLevelSpec;
import io.phat4j.testkit.PckCaKind;
import io.phat4j.testkit.TcbLevelSpec;
import io.phat4j.testkit.TcbLevelStatus;
import io.phat4j.testkit.TdxModuleIdentitySpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quotes made under the test PKI that must verify: each quote and certification-data layout, and
 * each non-revoked TCB status reached through the platform, the QE or the TDX module, with the
 * merged status and advisory IDs (platform list, then module, then QE IDs not yet listed).
 */
class SyntheticSuccessTest {
  private static DcapTestPki pki;

  @BeforeAll
  static void pki() {
    pki = Synthetic.pki("synthetic-success");
  }

  // --- layouts -----------------------------------------------------------------------------

  @Test
  void verify_tdxV4UpToDate_reportsEveryField() {
    DcapTestVector v = DcapTestVector.tdxV4(pki).build();
    VerifiedQuote q = verify(v);
    assertThat(q.teeType()).isEqualTo(TeeType.TDX);
    assertThat(q.status()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(q.advisoryIds()).isEmpty();
    assertThat(q.platformStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(q.qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(q.fmspc()).isEqualTo("b0c06f000000");
    assertThat(q.ppid()).isEqualTo(v.pck().extension().ppid());
    assertThat(q.pck().pceSvn()).isEqualTo(11);
    assertThat(q.verifiedAt()).isEqualTo(NOW);
    assertThat(q.collateralIssuedAt()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(q.tcbEvaluationDataNumber()).isEqualTo(17);
    TdReport td = (TdReport) q.report();
    assertThat(td.type()).isEqualTo(BodyType.TD_REPORT_10);
    assertThat(td.mrTd().toByteArray()).isEqualTo(pki.deriveBytes("mrtd", 48));
    assertThat(td.rtmr(3).toByteArray()).isEqualTo(pki.deriveBytes("rtmr3", 48));
    assertThat(td.reportData()).isEqualTo(pki.deriveBytes("report-data", 64));
  }

  @Test
  void verify_tdxV5Td15_upToDate() {
    VerifiedQuote q = verify(DcapTestVector.tdxV5(pki).build());
    assertThat(q.quote().version()).isEqualTo(5);
    assertThat(q.report().type()).isEqualTo(BodyType.TD_REPORT_15);
    assertThat(q.status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_sgxV3_upToDate() {
    VerifiedQuote q = verify(DcapTestVector.sgxV3(pki).build());
    assertThat(q.teeType()).isEqualTo(TeeType.SGX);
    assertThat(q.quote().version()).isEqualTo(3);
    assertThat(((SgxReport) q.report()).mrEnclave().toByteArray()).isEqualTo(pki.deriveBytes("mrenclave", 32));
    assertThat(q.status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @ParameterizedTest(name = "certification data type {0}")
  @ValueSource(ints = {2, 3, 4})
  void verify_certTypeWithChainInCollateral_upToDate(int type) {
    DcapTestVector v = DcapTestVector.tdxV4(pki).certificationDataType(type).build();
    assertThat(Quote.parse(v.quote()).certificationDataType()).isEqualTo(type);
    assertThat(v.collateral().pckCertificateChain()).isNotNull();
    assertThat(verify(v).status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_sgxCertType4WithChainInCollateral_upToDate() {
    assertThat(verify(DcapTestVector.sgxV3(pki).certificationDataType(4).build()).status())
        .isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_tdQeIdentityVersion3_upToDate() {
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki).qeIdentityVersion(3).build());
    assertThat(q.status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_processorPckCa_upToDate() {
    DcapTestPki processor = DcapTestPki.builder().seed("synthetic-processor").pckCaKind(PckCaKind.PROCESSOR)
        .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)).build();
    assertThat(verify(DcapTestVector.tdxV4(processor).build()).status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_collateralValidityBoundaries_inclusive() {
    // issueDate == now and nextUpdate == now are both still valid.
    assertThat(verify(DcapTestVector.tdxV4(pki).tcbInfo(b -> b.dates(NOW, NOW.plus(Duration.ofDays(30))))
        .qeIdentity(b -> b.dates(NOW.minus(Duration.ofDays(30)), NOW)).build()).status())
        .isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(verify(DcapTestVector.tdxV4(pki).tcbInfo(b -> b.dates(NOW.minus(Duration.ofDays(30)), NOW))
        .qeIdentity(b -> b.dates(NOW, NOW.plus(Duration.ofDays(30)))).build()).status())
        .isEqualTo(TcbStatus.UP_TO_DATE);
  }

  // --- statuses ----------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = TcbLevelStatus.class, names = "REVOKED", mode = EnumSource.Mode.EXCLUDE)
  void verify_platformLevelStatus_becomesPlatformAndMergedStatus(TcbLevelStatus status) {
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki).platformStatus(status, "INTEL-SA-00001", "INTEL-SA-00002").build());
    assertThat(q.status().wireName()).isEqualTo(status.jsonName());
    assertThat(q.platformStatus().wireName()).isEqualTo(status.jsonName());
    assertThat(q.qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(q.advisoryIds()).containsExactly("INTEL-SA-00001", "INTEL-SA-00002");
    assertThat(q.platformAdvisoryIds()).containsExactly("INTEL-SA-00001", "INTEL-SA-00002");
  }

  @ParameterizedTest
  @EnumSource(value = TcbLevelStatus.class, names = "REVOKED", mode = EnumSource.Mode.EXCLUDE)
  void verify_qeLevelStatus_becomesQeAndMergedStatus(TcbLevelStatus status) {
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki).qeStatus(status, "INTEL-SA-00615").build());
    assertThat(q.status().wireName()).isEqualTo(status.jsonName());
    assertThat(q.qeStatus().wireName()).isEqualTo(status.jsonName());
    assertThat(q.platformStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(q.platformAdvisoryIds()).isEmpty();
    assertThat(q.qeAdvisoryIds()).containsExactly("INTEL-SA-00615");
    assertThat(q.advisoryIds()).containsExactly("INTEL-SA-00615");
  }

  @ParameterizedTest
  @EnumSource(value = TcbLevelStatus.class, names = "REVOKED", mode = EnumSource.Mode.EXCLUDE)
  void verify_sgxPlatformLevelStatus_becomesMergedStatus(TcbLevelStatus status) {
    VerifiedQuote q = verify(DcapTestVector.sgxV3(pki).platformStatus(status).build());
    assertThat(q.status().wireName()).isEqualTo(status.jsonName());
  }

  /** Severity: UpToDate < SWHardeningNeeded < ConfigurationNeeded < ConfigurationAndSWHardeningNeeded < OutOfDate < OutOfDateConfigurationNeeded. */
  @ParameterizedTest(name = "platform {0} + QE {1} = {2}")
  @CsvSource({
      "UP_TO_DATE, SW_HARDENING_NEEDED, SWHardeningNeeded",
      "SW_HARDENING_NEEDED, CONFIGURATION_NEEDED, ConfigurationNeeded",
      "CONFIGURATION_NEEDED, SW_HARDENING_NEEDED, ConfigurationNeeded",
      "CONFIGURATION_AND_SW_HARDENING_NEEDED, CONFIGURATION_NEEDED, ConfigurationAndSWHardeningNeeded",
      "SW_HARDENING_NEEDED, OUT_OF_DATE, OutOfDate",
      "OUT_OF_DATE, CONFIGURATION_AND_SW_HARDENING_NEEDED, OutOfDate",
      "OUT_OF_DATE, OUT_OF_DATE_CONFIGURATION_NEEDED, OutOfDateConfigurationNeeded",
      "OUT_OF_DATE_CONFIGURATION_NEEDED, OUT_OF_DATE, OutOfDateConfigurationNeeded"})
  void verify_platformAndQeStatus_worseWins(TcbLevelStatus platform, TcbLevelStatus qe, String merged) {
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki).platformStatus(platform).qeStatus(qe).build());
    assertThat(q.status().wireName()).isEqualTo(merged);
    assertThat(q.platformStatus().wireName()).isEqualTo(platform.jsonName());
    assertThat(q.qeStatus().wireName()).isEqualTo(qe.jsonName());
  }

  @Test
  void verify_platformAndQeAdvisories_platformListThenNewQeIds() {
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki)
        .platformStatus(TcbLevelStatus.CONFIGURATION_NEEDED, "INTEL-SA-00828", "INTEL-SA-00615")
        .qeStatus(TcbLevelStatus.OUT_OF_DATE, "INTEL-SA-00615", "INTEL-SA-00999", "INTEL-SA-00001")
        .build());
    assertThat(q.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(q.platformAdvisoryIds()).containsExactly("INTEL-SA-00828", "INTEL-SA-00615");
    assertThat(q.qeAdvisoryIds()).containsExactly("INTEL-SA-00615", "INTEL-SA-00999", "INTEL-SA-00001");
    assertThat(q.advisoryIds()).containsExactly("INTEL-SA-00828", "INTEL-SA-00615", "INTEL-SA-00999", "INTEL-SA-00001");
  }

  @Test
  void verify_qeOutOfDateOnUpToDatePlatform_outOfDate() {
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki).qeStatus(TcbLevelStatus.OUT_OF_DATE, "INTEL-SA-00837").build());
    assertThat(q.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(q.platformStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(q.advisoryIds()).containsExactly("INTEL-SA-00837");
  }

  @Test
  void verify_moduleLevelOutOfDate_mergedIntoPlatformStatus() {
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki).moduleStatus(TcbLevelStatus.OUT_OF_DATE).build());
    assertThat(q.platformStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(q.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(q.qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_moduleAdvisories_afterPlatformBeforeQe() {
    // Default TD report: TEE_TCB_SVN 06 01 …, so module TDX_01 at ISVSVN 6.
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki)
        .platformStatus(TcbLevelStatus.SW_HARDENING_NEEDED, "INTEL-SA-00100")
        .qeStatus(TcbLevelStatus.UP_TO_DATE, "INTEL-SA-00300", "INTEL-SA-00200")
        .tcbInfo(b -> b.tdxModuleIdentities(List.of(TdxModuleIdentitySpec.intelLike(1,
            EnclaveTcbLevelSpec.of(6, TcbLevelStatus.CONFIGURATION_NEEDED, "INTEL-SA-00200", "INTEL-SA-00100")))))
        .build());
    assertThat(q.platformStatus()).isEqualTo(TcbStatus.CONFIGURATION_NEEDED);
    assertThat(q.platformAdvisoryIds()).containsExactly("INTEL-SA-00100", "INTEL-SA-00200");
    assertThat(q.status()).isEqualTo(TcbStatus.CONFIGURATION_NEEDED);
    assertThat(q.advisoryIds()).containsExactly("INTEL-SA-00100", "INTEL-SA-00200", "INTEL-SA-00300");
  }

  @Test
  void verify_moduleSvnAboveNewestLevel_firstSatisfiedModuleLevel() {
    // Module levels newest first: ISVSVN 7 (not reached by 6), then 5 OutOfDate.
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki)
        .tcbInfo(b -> b.tdxModuleIdentities(List.of(TdxModuleIdentitySpec.intelLike(1,
            EnclaveTcbLevelSpec.of(7, TcbLevelStatus.UP_TO_DATE),
            EnclaveTcbLevelSpec.of(5, TcbLevelStatus.OUT_OF_DATE, "INTEL-SA-00555")))))
        .build());
    assertThat(q.platformStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(q.advisoryIds()).containsExactly("INTEL-SA-00555");
  }

  @Test
  void verify_moduleMajorVersion0_usesTdxModuleWithoutLevels() {
    // TEE_TCB_SVN[1] = 0 selects the plain tdxModule entry, which has no TCB levels to merge.
    byte[] svn = {6, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki)
        .tdReport(io.phat4j.testkit.TdReportSpec.builder().teeTcbSvn(svn).build())
        .moduleStatus(TcbLevelStatus.OUT_OF_DATE)
        .build());
    assertThat(q.platformStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_tcbLevelsOutOfCanonicalOrder_highestSatisfiedLevelWins() {
    // JSON lists the older level first; dcap-qvl 0.5.2 sorts levels before matching.
    int[] sgx = {3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
    int[] older = {2, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
    int[] tdx = {6, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki).tcbInfo(b -> b.tcbLevels(List.of(
        TcbLevelSpec.tdx(older, 11, tdx, TcbLevelStatus.OUT_OF_DATE, "INTEL-SA-00960"),
        TcbLevelSpec.tdx(sgx, 11, tdx, TcbLevelStatus.UP_TO_DATE)))).build());
    assertThat(q.status()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(q.advisoryIds()).isEmpty();
  }

  @Test
  void verify_platformBelowNewestLevel_matchesOlderLevel() {
    int[] newer = {4, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
    int[] sgx = {3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
    int[] tdx = {6, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki).tcbInfo(b -> b.tcbLevels(List.of(
        TcbLevelSpec.tdx(newer, 11, tdx, TcbLevelStatus.UP_TO_DATE),
        TcbLevelSpec.tdx(sgx, 11, tdx, TcbLevelStatus.OUT_OF_DATE, "INTEL-SA-00960", "INTEL-SA-00982")))).build());
    assertThat(q.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(q.advisoryIds()).containsExactly("INTEL-SA-00960", "INTEL-SA-00982");
  }

  @Test
  void verify_tdxComponentBelowNewestLevel_matchesOlderLevel() {
    int[] sgx = {3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
    int[] newerTdx = {6, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    int[] tdx = {6, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    VerifiedQuote q = verify(DcapTestVector.tdxV4(pki).tcbInfo(b -> b.tcbLevels(List.of(
        TcbLevelSpec.tdx(sgx, 11, newerTdx, TcbLevelStatus.UP_TO_DATE),
        TcbLevelSpec.tdx(sgx, 11, tdx, TcbLevelStatus.OUT_OF_DATE_CONFIGURATION_NEEDED, "INTEL-SA-00986")))).build());
    assertThat(q.status()).isEqualTo(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED);
    assertThat(q.advisoryIds()).containsExactly("INTEL-SA-00986");
  }

  @Test
  void verify_tdDebugWithAllowDebug_accepted() {
    DcapTestVector v = DcapTestVector.tdxV4(pki)
        .tdReport(io.phat4j.testkit.TdReportSpec.builder().tdAttributes(new byte[] {1, 0, 0, 0x10, 0, 0, 0, 0}).build())
        .build();
    VerifiedQuote q = verify(Synthetic.verifierFor(v).allowDebug(true).build(), v);
    assertThat(((TdReport) q.report()).debug()).isTrue();
  }

  @Test
  void verify_serviceTdWithAllowServiceTd_accepted() {
    byte[] serviceTd = new byte[48];
    serviceTd[47] = 1;
    DcapTestVector v = DcapTestVector.tdxV5(pki)
        .tdReport(io.phat4j.testkit.TdReportSpec.builder().v15(true).mrServiceTd(serviceTd).build()).build();
    VerifiedQuote q = verify(Synthetic.verifierFor(v).allowServiceTd(true).build(), v);
    assertThat(((TdReport) q.report()).mrServiceTd().toByteArray()).isEqualTo(serviceTd);
  }

  @Test
  void verify_sgxDebugEnclaveWithAllowDebug_accepted() {
    DcapTestVector v = DcapTestVector.sgxV3(pki)
        .sgxReport(io.phat4j.testkit.SgxReportSpec.builder().debug(true).build()).build();
    VerifiedQuote q = verify(Synthetic.verifierFor(v).allowDebug(true).build(), v);
    assertThat(((SgxReport) q.report()).debug()).isTrue();
  }
}

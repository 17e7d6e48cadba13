package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;

/**
 * The steps after the signature checks, exercised directly on real reports and collateral with
 * changed expectations (end-to-end versions need re-signed collateral or quotes: testkit).
 */
class TcbEvaluationTest {
  private static final String TDX = "tdx_v4_phala_sample";
  private static final int TD_ATTR = 48 + 120;

  private static void fails(ThrowingCallable call, FailureReason reason, String text) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(QuoteVerificationException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(text);
  }

  private static TdReport tdWith(int offset, int xor) {
    byte[] q = Vectors.quote(TDX);
    q[offset] ^= (byte) xor;
    return (TdReport) Quote.parse(q).body();
  }

  private static PckExtension pck(String vector) throws Exception {
    try (PemReader r = new PemReader(new StringReader(Quote.parse(Vectors.quote(vector)).pckCertChainPem()))) {
      return PckExtension.fromCertificate(r.readPemObject().getContent());
    }
  }

  private static TcbInfo tcb(String vector) {
    return TcbInfo.parse(Vectors.collateral(vector).tcbInfo());
  }

  private static TcbInfo withModules(TcbInfo t, TdxModuleIdentity module, List<TdxModuleIdentity> ids) {
    return new TcbInfo(t.id(), t.version(), t.issueDate(), t.nextUpdate(), t.fmspc(), t.pceId(), t.tcbType(),
        t.tcbEvaluationDataNumber(), module, ids, t.tcbLevels());
  }

  private static QeIdentity qe(String vector) {
    return QeIdentity.parse(Vectors.collateral(vector).qeIdentity());
  }

  private static QeIdentity qeWith(QeIdentity q, String mrsigner, int prodId, String misc, String attrs, List<IsvSvnLevel> levels) {
    return new QeIdentity(q.id(), q.version(), q.issueDate(), q.nextUpdate(), q.tcbEvaluationDataNumber(), misc,
        q.miscselectMask(), attrs, q.attributesMask(), mrsigner, prodId, levels);
  }

  // --- report attributes -------------------------------------------------------------------

  @Test
  void checkAttributes_sampleTd_passes() {
    assertThatCode(() -> QuoteVerifier.checkAttributes(Quote.parse(Vectors.quote(TDX)).body(), false, false)).doesNotThrowAnyException();
  }

  @Test
  void checkAttributes_tdDebugBit_debugEnabledUnlessAllowed() {
    TdReport td = tdWith(TD_ATTR, 0x01);
    fails(() -> QuoteVerifier.checkAttributes(td, false, false), FailureReason.DEBUG_ENABLED, "Debug mode is enabled");
    assertThatCode(() -> QuoteVerifier.checkAttributes(td, true, false)).doesNotThrowAnyException();
  }

  @Test
  void checkAttributes_reservedTudBit_tdAttributes() {
    fails(() -> QuoteVerifier.checkAttributes(tdWith(TD_ATTR, 0x02), true, false), FailureReason.TD_ATTRIBUTES, "Reserved bits");
  }

  @Test
  void checkAttributes_reservedSecAndOtherBits_tdAttributes() {
    for (int[] bit : new int[][] {{1, 0x01}, {2, 0x80}, {3, 0x01}, {3, 0x20}, {4, 0x01}, {6, 0x80}, {7, 0x40}}) {
      fails(() -> QuoteVerifier.checkAttributes(tdWith(TD_ATTR + bit[0], bit[1]), false, false),
          FailureReason.TD_ATTRIBUTES, "Reserved bits in TD attributes are set");
    }
  }

  @Test
  void checkAttributes_pksKlPerfmon_allowed() {
    for (int[] bit : new int[][] {{3, 0x40}, {3, 0x80}, {7, 0x80}}) {
      assertThatCode(() -> QuoteVerifier.checkAttributes(tdWith(TD_ATTR + bit[0], bit[1]), false, false)).doesNotThrowAnyException();
    }
  }

  @Test
  void checkAttributes_septVeDisableClear_septVeDisabled() {
    fails(() -> QuoteVerifier.checkAttributes(tdWith(TD_ATTR + 3, 0x10), false, false),
        FailureReason.SEPT_VE_DISABLED, "SEPT_VE_DISABLE is not enabled");
  }

  @Test
  void checkAttributes_td15WithServiceTd_serviceTdUnlessAllowed() {
    byte[] q = Vectors.quote("tdx_v5_gotdx_2026");
    q[54 + 600] = 1;
    ReportBody body = Quote.parse(q).body();
    fails(() -> QuoteVerifier.checkAttributes(body, false, false), FailureReason.SERVICE_TD, "Invalid mr service td");
    assertThatCode(() -> QuoteVerifier.checkAttributes(body, false, true)).doesNotThrowAnyException();
  }

  @Test
  void checkAttributes_sgxDebug_debugEnabled() {
    ReportBody body = Quote.parse(Vectors.quote("sgx_v3_automata_solana")).body();
    fails(() -> QuoteVerifier.checkAttributes(body, false, false), FailureReason.DEBUG_ENABLED, "Debug mode is enabled");
  }

  // --- platform TCB level ------------------------------------------------------------------

  @Test
  void matchPlatform_sample_firstSatisfiedLevel() throws Exception {
    PckExtension ext = pck(TDX);
    TdReport td = (TdReport) Quote.parse(Vectors.quote(TDX)).body();
    TcbLevel level = QuoteVerifier.matchPlatform(tcb(TDX).tcbLevels(), ext.cpuSvn(), ext.pceSvn(), td);
    assertThat(level.status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void matchPlatform_pceSvnBelowAll_noMatchingTcbLevel() throws Exception {
    PckExtension ext = pck(TDX);
    TdReport td = (TdReport) Quote.parse(Vectors.quote(TDX)).body();
    fails(() -> QuoteVerifier.matchPlatform(tcb(TDX).tcbLevels(), ext.cpuSvn(), 0, td),
        FailureReason.NO_MATCHING_TCB_LEVEL, "No matching TCB level found");
  }

  @Test
  void matchPlatform_fifteenSgxComponents_tcbComponents() throws Exception {
    PckExtension ext = pck(TDX);
    TcbLevel l = tcb(TDX).tcbLevels().get(0);
    TcbLevel bad = new TcbLevel(l.sgxComponents().subList(0, 15), l.pceSvn(), l.tdxComponents(), l.tcbDate(), l.status(), l.advisoryIds());
    TdReport td = (TdReport) Quote.parse(Vectors.quote(TDX)).body();
    fails(() -> QuoteVerifier.matchPlatform(List.of(bad), ext.cpuSvn(), ext.pceSvn(), td), FailureReason.TCB_COMPONENTS, "15 components");
  }

  @Test
  void matchPlatform_tdxQuoteWithoutTdxComponents_tcbComponents() throws Exception {
    PckExtension ext = pck(TDX);
    TcbLevel l = tcb(TDX).tcbLevels().get(0);
    TcbLevel bad = new TcbLevel(l.sgxComponents(), l.pceSvn(), List.of(), l.tcbDate(), l.status(), l.advisoryIds());
    TdReport td = (TdReport) Quote.parse(Vectors.quote(TDX)).body();
    fails(() -> QuoteVerifier.matchPlatform(List.of(bad), ext.cpuSvn(), ext.pceSvn(), td), FailureReason.TCB_COMPONENTS,
        "No TDX components in the TCB info");
  }

  @Test
  void canonicalOrder_shuffledLevels_restoresIntelOrder() {
    List<TcbLevel> intel = tcb("tdx_v5_gotdx_2026").tcbLevels();
    List<TcbLevel> shuffled = new ArrayList<>(intel);
    Collections.reverse(shuffled);
    shuffled.sort(QuoteVerifier.CANONICAL_ORDER);
    assertThat(shuffled).containsExactlyElementsOf(intel);
  }

  // --- TDX module identity -----------------------------------------------------------------

  @Test
  void checkTdxModule_sample_returnsTdx01Level() {
    TdReport td = (TdReport) Quote.parse(Vectors.quote(TDX)).body();
    IsvSvnLevel level = QuoteVerifier.checkTdxModule(td, tcb(TDX));
    assertThat(level).isNotNull();
    assertThat(level.status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void checkTdxModule_noModule_tdxModuleIdentity() {
    TdReport td = (TdReport) Quote.parse(Vectors.quote(TDX)).body();
    TcbInfo t = tcb(TDX);
    fails(() -> QuoteVerifier.checkTdxModule(td, withModules(t, null, t.tdxModuleIdentities())),
        FailureReason.TDX_MODULE_IDENTITY, "TDX module not found");
  }

  @Test
  void checkTdxModule_identityMissing_tdxModuleIdentity() {
    TdReport td = (TdReport) Quote.parse(Vectors.quote(TDX)).body();
    TcbInfo t = tcb(TDX);
    List<TdxModuleIdentity> only03 = t.tdxModuleIdentities().stream().filter(m -> m.id().equals("TDX_03")).toList();
    fails(() -> QuoteVerifier.checkTdxModule(td, withModules(t, t.tdxModule(), only03)),
        FailureReason.TDX_MODULE_IDENTITY, "TDX_01");
  }

  @Test
  void checkTdxModule_otherSigner_tdxModuleIdentity() {
    TdReport td = (TdReport) Quote.parse(Vectors.quote(TDX)).body();
    TcbInfo t = tcb(TDX);
    List<TdxModuleIdentity> ids = t.tdxModuleIdentities().stream()
        .map(m -> new TdxModuleIdentity(m.id(), "01".repeat(48), m.attributes(), m.attributesMask(), m.tcbLevels())).toList();
    fails(() -> QuoteVerifier.checkTdxModule(td, withModules(t, t.tdxModule(), ids)),
        FailureReason.TDX_MODULE_IDENTITY, "MRSIGNERSEAM mismatch");
  }

  @Test
  void checkTdxModule_otherAttributes_tdxModuleIdentity() {
    TdReport td = (TdReport) Quote.parse(Vectors.quote(TDX)).body();
    TcbInfo t = tcb(TDX);
    List<TdxModuleIdentity> ids = t.tdxModuleIdentities().stream()
        .map(m -> new TdxModuleIdentity(m.id(), m.mrSigner(), "0100000000000000", "ffffffffffffffff", m.tcbLevels())).toList();
    fails(() -> QuoteVerifier.checkTdxModule(td, withModules(t, t.tdxModule(), ids)),
        FailureReason.TDX_MODULE_IDENTITY, "SEAMATTRIBUTES mismatch");
  }

  @Test
  void checkTdxModule_svnBelowAllLevels_tdxModuleTcb() {
    TdReport td = (TdReport) Quote.parse(Vectors.quote(TDX)).body();
    TcbInfo t = tcb(TDX);
    List<TdxModuleIdentity> ids = t.tdxModuleIdentities().stream()
        .map(m -> new TdxModuleIdentity(m.id(), m.mrSigner(), m.attributes(), m.attributesMask(),
            List.of(new IsvSvnLevel(255, "2030-01-01T00:00:00Z", TcbStatus.UP_TO_DATE, List.of())))).toList();
    fails(() -> QuoteVerifier.checkTdxModule(td, withModules(t, t.tdxModule(), ids)),
        FailureReason.TDX_MODULE_TCB, "No matching TDX module TCB level found");
  }

  // --- merge -------------------------------------------------------------------------------

  @Test
  void merge_worstStatusAndAdvisoriesInOrder() {
    TcbLevel platform = new TcbLevel(List.of(), 0, List.of(), "d", TcbStatus.SW_HARDENING_NEEDED, List.of("A", "B"));
    IsvSvnLevel module = new IsvSvnLevel(0, "d", TcbStatus.OUT_OF_DATE, List.of("B", "C"));
    IsvSvnLevel qe = new IsvSvnLevel(0, "d", TcbStatus.UP_TO_DATE, List.of("D", "A"));
    QuoteVerifier.Merged m = QuoteVerifier.merge(platform, module, qe);
    assertThat(m.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(m.platformStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(m.platformAdvisoryIds()).containsExactly("A", "B", "C");
    assertThat(m.advisoryIds()).containsExactly("A", "B", "C", "D");
  }

  @Test
  void merge_revokedQe_tcbStatusRevoked() {
    TcbLevel platform = new TcbLevel(List.of(), 0, List.of(), "d", TcbStatus.UP_TO_DATE, List.of());
    IsvSvnLevel qe = new IsvSvnLevel(0, "d", TcbStatus.REVOKED, List.of());
    fails(() -> QuoteVerifier.merge(platform, null, qe), FailureReason.TCB_STATUS_REVOKED, "TCB status is invalid: Revoked");
  }

  @Test
  void merge_unknownPlatformStatus_tcbStatusRevoked() {
    TcbLevel platform = new TcbLevel(List.of(), 0, List.of(), "d", TcbStatus.fromWireName("Weird"), List.of());
    IsvSvnLevel qe = new IsvSvnLevel(0, "d", TcbStatus.UP_TO_DATE, List.of());
    fails(() -> QuoteVerifier.merge(platform, null, qe), FailureReason.TCB_STATUS_REVOKED, "TCB status is invalid");
  }

  // --- QE identity -------------------------------------------------------------------------

  @Test
  void checkQeIdentity_sample_returnsLevel() {
    SgxReport r = Quote.parse(Vectors.quote(TDX)).qeReport();
    assertThat(QuoteVerifier.checkQeIdentity(r, qe(TDX)).status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void checkQeIdentity_eachFieldMismatch_qeIdentityMismatch() {
    SgxReport r = Quote.parse(Vectors.quote(TDX)).qeReport();
    QeIdentity q = qe(TDX);
    fails(() -> QuoteVerifier.checkQeIdentity(r, qeWith(q, "00".repeat(32), q.isvProdId(), q.miscselect(), q.attributes(), q.tcbLevels())),
        FailureReason.QE_IDENTITY_MISMATCH, "QE MRSIGNER mismatch");
    fails(() -> QuoteVerifier.checkQeIdentity(r, qeWith(q, q.mrsigner(), q.isvProdId() + 1, q.miscselect(), q.attributes(), q.tcbLevels())),
        FailureReason.QE_IDENTITY_MISMATCH, "QE ISVPRODID mismatch");
    fails(() -> QuoteVerifier.checkQeIdentity(r, qeWith(q, q.mrsigner(), q.isvProdId(), "ffffffff", q.attributes(), q.tcbLevels())),
        FailureReason.QE_IDENTITY_MISMATCH, "QE MISCSELECT mismatch");
    fails(() -> QuoteVerifier.checkQeIdentity(r, qeWith(q, q.mrsigner(), q.isvProdId(), q.miscselect(), "00".repeat(16), q.tcbLevels())),
        FailureReason.QE_IDENTITY_MISMATCH, "QE ATTRIBUTES mismatch at byte 0");
  }

  @Test
  void checkQeIdentity_debugQe_qeIdentityMismatch() {
    byte[] report = Quote.parse(Vectors.quote(TDX)).qeReport().toByteArray();
    report[48] |= 0x02;
    fails(() -> QuoteVerifier.checkQeIdentity(SgxReport.of(report), qe(TDX)), FailureReason.QE_IDENTITY_MISMATCH, "Debug mode is enabled");
  }

  @Test
  void checkQeIdentity_svnBelowAllLevels_qeTcbLevel() {
    SgxReport r = Quote.parse(Vectors.quote(TDX)).qeReport();
    QeIdentity q = qe(TDX);
    List<IsvSvnLevel> high = List.of(new IsvSvnLevel(255, "d", TcbStatus.UP_TO_DATE, List.of()));
    fails(() -> QuoteVerifier.checkQeIdentity(r, qeWith(q, q.mrsigner(), q.isvProdId(), q.miscselect(), q.attributes(), high)),
        FailureReason.QE_TCB_LEVEL, "is below minimum required 255");
  }
}

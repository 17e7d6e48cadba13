package io.phat4j.attestation.dcap;

import static io.phat4j.attestation.dcap.Synthetic.NOW;
import static io.phat4j.attestation.dcap.Synthetic.onlyStepFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.testkit.DcapQuoteBuilder;
import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.DcapTestVector;
import io.phat4j.testkit.EnclaveTcbLevelSpec;
import io.phat4j.testkit.PckCredential;
import io.phat4j.testkit.SgxExtensionSpec;
import io.phat4j.testkit.SgxReportSpec;
import io.phat4j.testkit.SignedJson;
import io.phat4j.testkit.TcbInfoSpec;
import io.phat4j.testkit.TcbLevelSpec;
import io.phat4j.testkit.TcbLevelStatus;
import io.phat4j.testkit.TdReportSpec;
import io.phat4j.testkit.TdxModuleIdentitySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One generated quote per verification step (quote header, collateral documents, QE, TCB
 * evaluation, report attributes) in which only that step fails: the same vector without the
 * change verifies, the changed one fails with the step's {@link FailureReason}.
 */
class SyntheticStepFailureTest {
  private static final int[] SGX_SVNS = {3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
  private static final int[] TDX_SVNS = {6, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  private static final int HEADER = 48;

  private static DcapTestPki pki;

  @BeforeAll
  static void pki() {
    pki = Synthetic.pki("synthetic-steps");
  }

  private static DcapTestVector.Builder tdx() {
    return DcapTestVector.tdxV4(pki);
  }

  private static DcapTestVector.Builder sgx() {
    return DcapTestVector.sgxV3(pki);
  }

  private static TdReportSpec tdAttributes(int... bytes) {
    byte[] a = new byte[8];
    for (int i = 0; i < 8; i++) {
      a[i] = (byte) bytes[i];
    }
    return TdReportSpec.builder().tdAttributes(a).build();
  }

  /** SVN lists for hand-made levels (the testkit's factories insist on 16 components). */
  private static List<Integer> boxed(int[] svns) {
    return Arrays.stream(svns).boxed().toList();
  }

  // --- quote header ------------------------------------------------------------------------

  @Test
  void verify_truncatedQuote_quoteFormat() {
    DcapTestVector v = tdx().build();
    byte[] q = v.quote();
    onlyStepFails(v, v.withQuote(Arrays.copyOf(q, q.length - 100)), FailureReason.QUOTE_FORMAT, "Failed to decode quote");
  }

  @Test
  void verify_sgxBodyInQuoteV4_unsupportedVersion() {
    onlyStepFails(sgx(), b -> b.quote(q -> DcapQuoteBuilder.sgxV4(SgxReportSpec.builder().build(), q.pck(),
        q.attestationKey())), FailureReason.UNSUPPORTED_VERSION, "SGX TEE quote must have version 3");
  }

  @Test
  void verify_foreignQeVendorId_qeVendorId() {
    onlyStepFails(tdx(), b -> b.quote(q -> q.qeVendorId(new byte[16])), FailureReason.QE_VENDOR_ID,
        "Unknown QE vendor ID: 00000000000000000000000000000000");
  }

  @Test
  void verify_attestationKeyTypeP384_attestationKeyType() {
    onlyStepFails(tdx(), b -> b.quote(q -> q.attestationKeyType(3)), FailureReason.ATTESTATION_KEY_TYPE, "type 3");
  }

  // --- TCB info and QE identity documents --------------------------------------------------

  @Test
  void verify_tcbInfoVersion2_tcbInfoFormat() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.version(2)), FailureReason.TCB_INFO_FORMAT, "unsupported TCB info version 2");
  }

  @Test
  void verify_tcbInfoIssuedAfterNow_tcbInfoNotYetValid() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.dates(NOW.plusSeconds(1), NOW.plus(Duration.ofDays(30)))),
        FailureReason.TCB_INFO_NOT_YET_VALID, "TCBInfo issue date is in the future");
  }

  @Test
  void verify_tcbInfoNextUpdateBeforeNow_tcbInfoExpired() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.dates(NOW.minus(Duration.ofDays(30)), NOW.minusSeconds(1))),
        FailureReason.TCB_INFO_EXPIRED, "TCBInfo expired");
  }

  @Test
  void verify_tcbInfoTextChangedAfterSigning_tcbInfoSignature() {
    DcapTestVector v = tdx().build();
    String json = v.collateral().tcbInfo();
    String changed = json.replace("\"tcbEvaluationDataNumber\":17", "\"tcbEvaluationDataNumber\":18");
    assertThat(changed).isNotEqualTo(json);
    SignedJson stale = new SignedJson(changed, v.collateral().tcbInfoSignatureHex());
    onlyStepFails(v, v.withCollateral(v.collateral().withTcbInfo(stale)), FailureReason.TCB_INFO_SIGNATURE,
        "Signature is invalid for tcb_info");
  }

  @Test
  void verify_tcbInfoSignedByPckKey_tcbInfoSignature() {
    DcapTestVector v = tdx().build();
    byte[] text = v.collateral().tcbInfo().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    SignedJson wrongKey = new SignedJson(v.collateral().tcbInfo(), io.phat4j.core.Hex.encode(v.pck().key().signRaw(text)));
    onlyStepFails(v, v.withCollateral(v.collateral().withTcbInfo(wrongKey)), FailureReason.TCB_INFO_SIGNATURE,
        "Signature is invalid for tcb_info");
  }

  @Test
  void verify_qeIdentityWithoutMrsigner_qeIdentityFormat() {
    DcapTestVector v = tdx().build();
    String json = v.collateral().qeIdentity().replaceFirst("\"mrsigner\":\"[0-9A-F]+\",", "");
    onlyStepFails(v, v.withCollateral(v.collateral().withQeIdentity(pki.signJson(json))),
        FailureReason.QE_IDENTITY_FORMAT, "qe_identity.mrsigner");
  }

  @Test
  void verify_qeIdentityIssuedAfterNow_qeIdentityNotYetValid() {
    onlyStepFails(tdx(), b -> b.qeIdentity(q -> q.dates(NOW.plusSeconds(1), NOW.plus(Duration.ofDays(30)))),
        FailureReason.QE_IDENTITY_NOT_YET_VALID, "QE Identity issue date is in the future");
  }

  @Test
  void verify_qeIdentityNextUpdateBeforeNow_qeIdentityExpired() {
    onlyStepFails(tdx(), b -> b.qeIdentity(q -> q.dates(NOW.minus(Duration.ofDays(30)), NOW.minusSeconds(1))),
        FailureReason.QE_IDENTITY_EXPIRED, "QE Identity expired");
  }

  @Test
  void verify_qeIdentityTextChangedAfterSigning_qeIdentitySignature() {
    DcapTestVector v = tdx().build();
    String json = v.collateral().qeIdentity();
    String changed = json.replace("\"isvprodid\":2", "\"isvprodid\":2 ");
    assertThat(changed).isNotEqualTo(json);
    SignedJson stale = new SignedJson(changed, v.collateral().qeIdentitySignatureHex());
    onlyStepFails(v, v.withCollateral(v.collateral().withQeIdentity(stale)), FailureReason.QE_IDENTITY_SIGNATURE,
        "Signature is invalid for qe_identity");
  }

  @Test
  void verify_sgxQuoteWithQeIdentityVersion3_qeIdentityType() {
    onlyStepFails(sgx(), b -> b.qeIdentityVersion(3), FailureReason.QE_IDENTITY_TYPE, "id QE version 3 for SGX");
  }

  @Test
  void verify_tdxQuoteWithSgxQeIdentityId_qeIdentityType() {
    onlyStepFails(tdx(), b -> b.qeIdentity(q -> q.id("QE")), FailureReason.QE_IDENTITY_TYPE, "id QE version 2 for TDX");
  }

  @Test
  void verify_tdQeIdentityVersion4_qeIdentityType() {
    onlyStepFails(tdx(), b -> b.qeIdentityVersion(4), FailureReason.QE_IDENTITY_TYPE, "id TD_QE version 4");
  }

  // --- QE report ---------------------------------------------------------------------------

  @Test
  void verify_qeReportSignedByAnotherPckKey_qeReportSignature() {
    // The quote carries the chain of a second, valid PCK certificate; the QE report was signed by the first.
    PckCredential other = pki.newPck(SgxExtensionSpec.builder().build()).keyLabel("other-pck").issue();
    onlyStepFails(tdx(), b -> b.quote(q -> q.chainPem(other.chainPem())), FailureReason.QE_REPORT_SIGNATURE,
        "Signature is invalid for qe_report in quote");
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 31, 33, 64})
  void verify_qeAuthDataNot32Bytes_qeAuthData(int length) {
    // The QE report still binds the attestation key and this auth data: only the length rule fails.
    onlyStepFails(tdx(), b -> b.quote(q -> q.qeAuthData(new byte[length])), FailureReason.QE_AUTH_DATA,
        "expected 32 bytes, got " + length);
  }

  @Test
  void verify_qeReportNotBindingAttestationKey_qeReportBinding() {
    onlyStepFails(tdx(), b -> b.quote(q -> q.bindQeReport(false)), FailureReason.QE_REPORT_BINDING, "QE report hash mismatch");
  }

  @Test
  void verify_qeMrsignerMismatch_qeIdentityMismatch() {
    QuoteVerificationException e = onlyStepFails(tdx(), b -> b.qeIdentity(q -> q.mrSigner("AB".repeat(32))),
        FailureReason.QE_IDENTITY_MISMATCH, "QE MRSIGNER mismatch");
    assertThat(e.dcapQvlMessage()).isEqualTo("QE MRSIGNER mismatch");
  }

  @Test
  void verify_qeIsvProdIdMismatch_qeIdentityMismatch() {
    onlyStepFails(tdx(), b -> b.qeIdentity(q -> q.isvProdId(3)), FailureReason.QE_IDENTITY_MISMATCH,
        "QE ISVPRODID mismatch: expected 3, got 2");
  }

  @Test
  void verify_qeMiscselectMismatch_qeIdentityMismatch() {
    onlyStepFails(tdx(), b -> b.qeIdentity(q -> q.miscselect("01000000", "FFFFFFFF")), FailureReason.QE_IDENTITY_MISMATCH,
        "QE MISCSELECT mismatch");
  }

  @Test
  void verify_qeMiscselectDifferenceOutsideMask_accepted() {
    DcapTestVector v = tdx().qeIdentity(q -> q.miscselect("01000000", "FEFFFFFF")).build();
    assertThat(Synthetic.verify(v).status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_qeAttributesMismatch_qeIdentityMismatch() {
    // QE ATTRIBUTES byte 0 is 0x15; under mask 0xFB the identity expects 0x11.
    onlyStepFails(tdx(), b -> b.qeIdentity(q -> q.attributes("13000000000000000000000000000000",
        "FBFFFFFFFFFFFFFF0000000000000000")), FailureReason.QE_IDENTITY_MISMATCH, "QE ATTRIBUTES mismatch at byte 0");
  }

  @Test
  void verify_debugQe_qeIdentityMismatchEvenWithAllowDebug() {
    DcapTestVector v = tdx().qeDebug(true).build();
    QuoteVerificationException e = onlyStepFails(tdx().build(), v, FailureReason.QE_IDENTITY_MISMATCH,
        "the quoting enclave is a debug enclave");
    assertThat(e.dcapQvlMessage()).isEqualTo("Debug mode is enabled");
    QuoteVerificationException lenient = Synthetic.failure(Synthetic.verifierFor(v).allowDebug(true).build(), v);
    assertThat(lenient.reason()).isEqualTo(FailureReason.QE_IDENTITY_MISMATCH);
  }

  @Test
  void verify_sgxDebugQe_qeIdentityMismatch() {
    onlyStepFails(sgx(), b -> b.qeDebug(true), FailureReason.QE_IDENTITY_MISMATCH, "Debug mode is enabled");
  }

  @Test
  void verify_qeIsvSvnBelowEveryLevel_qeTcbLevel() {
    // The TD QE has ISVSVN 4.
    onlyStepFails(tdx(), b -> b.qeIdentity(q -> q.tcbLevels(List.of(EnclaveTcbLevelSpec.of(5, TcbLevelStatus.UP_TO_DATE)))),
        FailureReason.QE_TCB_LEVEL, "QE ISVSVN 4 is below minimum required 5");
  }

  // --- quote signature ---------------------------------------------------------------------

  @Test
  void verify_reportDataChangedAfterSigning_quoteSignature() {
    DcapTestVector v = tdx().build();
    byte[] q = v.quote();
    q[HEADER + TdReportSpec.REPORT_DATA_OFFSET] ^= 1;
    onlyStepFails(v, v.withQuote(q), FailureReason.QUOTE_SIGNATURE, "ISV enclave report signature is invalid");
  }

  @Test
  void verify_sgxMrEnclaveChangedAfterSigning_quoteSignature() {
    DcapTestVector v = sgx().build();
    byte[] q = v.quote();
    q[HEADER + 64] ^= 1;
    onlyStepFails(v, v.withQuote(q), FailureReason.QUOTE_SIGNATURE, "ISV enclave report signature is invalid");
  }

  @Test
  void verify_attestationKeyNotOnCurveButBound_quoteSignature() {
    // Re-made with the PCK key: the QE report binds an attestation "key" that is no P-256 point.
    DcapTestVector v = tdx().build();
    byte[] raw = v.quote();
    Quote parsed = Quote.parse(raw);
    int key = parsed.attestationKeyOffset();
    Arrays.fill(raw, key, key + 64, (byte) 0x01);
    java.security.MessageDigest sha = sha256();
    sha.update(raw, key, 64);
    sha.update(raw, parsed.qeAuthDataOffset(), parsed.qeAuthDataLength());
    int qeReport = parsed.qeReport().offset();
    System.arraycopy(sha.digest(), 0, raw, qeReport + SgxReportSpec.REPORT_DATA_OFFSET, 32);
    byte[] qeSignature = v.pck().key().signRaw(Arrays.copyOfRange(raw, qeReport, qeReport + SgxReportSpec.SIZE));
    System.arraycopy(qeSignature, 0, raw, parsed.qeReportSignatureOffset(), 64);
    onlyStepFails(v, v.withQuote(raw), FailureReason.QUOTE_SIGNATURE, "attestation key is not a P-256 point");
  }

  private static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- platform TCB ------------------------------------------------------------------------

  @Test
  void verify_tcbInfoOfOtherFmspc_fmspcMismatch() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.fmspc("00906ED50000")), FailureReason.FMSPC_MISMATCH,
        "PCK b0c06f000000, TCB info 00906ed50000");
  }

  @Test
  void verify_sgxTcbInfoForTdxQuote_tcbInfoType() {
    // FMSPC, signature and QE identity all fit: only the TCB info's id is wrong for the quote.
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> TcbInfoSpec.sgx(NOW, "B0C06F000000")
        .addTcbLevel(TcbLevelSpec.sgx(SGX_SVNS, 11, TcbLevelStatus.UP_TO_DATE))),
        FailureReason.TCB_INFO_TYPE, "TDX quote with non-TDX TCB info in the collateral");
  }

  @Test
  void verify_tdxTcbInfoForSgxQuote_tcbInfoType() {
    onlyStepFails(sgx(), b -> b.tcbInfo(t -> TcbInfoSpec.tdx(NOW, "B0C06F000000")
        .tdxModuleIdentities(List.of(TdxModuleIdentitySpec.intelLike(1, EnclaveTcbLevelSpec.of(6, TcbLevelStatus.UP_TO_DATE))))
        .addTcbLevel(TcbLevelSpec.tdx(SGX_SVNS, 11, TDX_SVNS, TcbLevelStatus.UP_TO_DATE))),
        FailureReason.TCB_INFO_TYPE, "SGX quote with non-SGX TCB info in the collateral");
  }

  @Test
  void verify_fifteenSgxComponents_tcbComponents() {
    TcbLevelSpec bad = new TcbLevelSpec(boxed(Arrays.copyOf(SGX_SVNS, 15)), 11,
        boxed(TDX_SVNS), NOW, TcbLevelStatus.UP_TO_DATE, List.of());
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.tcbLevels(List.of(bad))), FailureReason.TCB_COMPONENTS,
        "SGX TCB level has 15 components, expected 16");
  }

  @Test
  void verify_seventeenTdxComponents_tcbComponents() {
    TcbLevelSpec bad = new TcbLevelSpec(boxed(SGX_SVNS), 11,
        boxed(Arrays.copyOf(TDX_SVNS, 17)), NOW, TcbLevelStatus.UP_TO_DATE, List.of());
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.tcbLevels(List.of(bad))), FailureReason.TCB_COMPONENTS,
        "TDX TCB level has 17 components, expected 16");
  }

  @Test
  void verify_tdxLevelWithoutTdxComponents_tcbComponents() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.tcbLevels(List.of(TcbLevelSpec.sgx(SGX_SVNS, 11, TcbLevelStatus.UP_TO_DATE)))),
        FailureReason.TCB_COMPONENTS, "No TDX components in the TCB info");
  }

  @Test
  void verify_pceSvnBelowEveryLevel_noMatchingTcbLevel() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.tcbLevels(List.of(TcbLevelSpec.tdx(SGX_SVNS, 12, TDX_SVNS,
        TcbLevelStatus.UP_TO_DATE)))), FailureReason.NO_MATCHING_TCB_LEVEL, "No matching TCB level found");
  }

  @Test
  void verify_teeTcbSvnBelowEveryLevel_noMatchingTcbLevel() {
    int[] tdx = TDX_SVNS.clone();
    tdx[2] = 4;
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.tcbLevels(List.of(TcbLevelSpec.tdx(SGX_SVNS, 11, tdx,
        TcbLevelStatus.UP_TO_DATE)))), FailureReason.NO_MATCHING_TCB_LEVEL, "No matching TCB level found");
  }

  @Test
  void verify_tdxModuleMrsignerMismatch_tdxModuleIdentity() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.tdxModuleIdentities(List.of(new TdxModuleIdentitySpec("TDX_01",
        "AB".repeat(48), "0000000000000000", "FFFFFFFFFFFFFFFF", List.of(EnclaveTcbLevelSpec.of(6, TcbLevelStatus.UP_TO_DATE)))))),
        FailureReason.TDX_MODULE_IDENTITY, "MRSIGNERSEAM mismatch");
  }

  @Test
  void verify_tdxModuleAttributesMismatch_tdxModuleIdentity() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.tdxModuleIdentities(List.of(new TdxModuleIdentitySpec("TDX_01",
        "0".repeat(96), "0100000000000000", "FFFFFFFFFFFFFFFF", List.of(EnclaveTcbLevelSpec.of(6, TcbLevelStatus.UP_TO_DATE)))))),
        FailureReason.TDX_MODULE_IDENTITY, "SEAMATTRIBUTES mismatch");
  }

  @Test
  void verify_seamAttributeBitOutsideMask_tdxModuleIdentity() {
    byte[] seam = new byte[8];
    seam[7] = 1;
    onlyStepFails(tdx(), b -> b.tdReport(TdReportSpec.builder().seamAttributes(seam).build())
        .tcbInfo(t -> t.tdxModuleIdentities(List.of(new TdxModuleIdentitySpec("TDX_01", "0".repeat(96),
            "0000000000000000", "FFFFFFFFFFFFFF00", List.of(EnclaveTcbLevelSpec.of(6, TcbLevelStatus.UP_TO_DATE)))))),
        FailureReason.TDX_MODULE_IDENTITY, "SEAMATTRIBUTES mismatch: 0000000000000001");
  }

  @Test
  void verify_noIdentityForModuleMajorVersion_tdxModuleIdentity() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.tdxModuleIdentities(List.of(TdxModuleIdentitySpec.intelLike(3,
        EnclaveTcbLevelSpec.of(6, TcbLevelStatus.UP_TO_DATE))))), FailureReason.TDX_MODULE_IDENTITY,
        "TDX module identity not found: TDX_01");
  }

  @Test
  void verify_tdxTcbInfoWithoutTdxModule_tdxModuleIdentity() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.tdxModule(null)), FailureReason.TDX_MODULE_IDENTITY, "TDX module not found");
  }

  @Test
  void verify_legacyTdxModuleMrsignerMismatch_tdxModuleIdentity() {
    // Module major version 0: the plain tdxModule entry is the expected identity.
    TdReportSpec major0 = TdReportSpec.builder().teeTcbSvn(new byte[] {6, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
        .build();
    onlyStepFails(tdx().tdReport(major0), b -> b.tcbInfo(t -> t.tdxModule(new TcbInfoSpec.TdxModule("CD".repeat(48),
        "0000000000000000", "FFFFFFFFFFFFFFFF"))), FailureReason.TDX_MODULE_IDENTITY, "MRSIGNERSEAM mismatch");
  }

  @Test
  void verify_moduleSvnBelowEveryModuleLevel_tdxModuleTcb() {
    onlyStepFails(tdx(), b -> b.tcbInfo(t -> t.tdxModuleIdentities(List.of(TdxModuleIdentitySpec.intelLike(1,
        EnclaveTcbLevelSpec.of(7, TcbLevelStatus.UP_TO_DATE))))), FailureReason.TDX_MODULE_TCB, "module TDX_01 ISVSVN 6");
  }

  // --- merged status -----------------------------------------------------------------------

  @Test
  void verify_platformLevelRevoked_tcbStatusRevoked() {
    QuoteVerificationException e = onlyStepFails(tdx(), b -> b.platformStatus(TcbLevelStatus.REVOKED),
        FailureReason.TCB_STATUS_REVOKED, "TCB status is invalid: Revoked");
    assertThat(e.dcapQvlMessage()).isEqualTo("TCB status is invalid: Revoked");
  }

  @Test
  void verify_qeLevelRevoked_tcbStatusRevoked() {
    onlyStepFails(tdx(), b -> b.qeStatus(TcbLevelStatus.REVOKED), FailureReason.TCB_STATUS_REVOKED,
        "TCB status is invalid: Revoked");
  }

  @Test
  void verify_moduleLevelRevoked_tcbStatusRevoked() {
    onlyStepFails(tdx(), b -> b.moduleStatus(TcbLevelStatus.REVOKED), FailureReason.TCB_STATUS_REVOKED,
        "TCB status is invalid: Revoked");
  }

  @Test
  void verify_sgxPlatformLevelRevoked_tcbStatusRevoked() {
    onlyStepFails(sgx(), b -> b.platformStatus(TcbLevelStatus.REVOKED), FailureReason.TCB_STATUS_REVOKED,
        "TCB status is invalid: Revoked");
  }

  @Test
  void verify_unknownTcbStatusString_tcbStatusRevoked() {
    DcapTestVector v = tdx().build();
    String json = v.collateral().tcbInfo().replace("\"tcbStatus\":\"UpToDate\"", "\"tcbStatus\":\"NotYetDefined\"");
    onlyStepFails(v, v.withCollateral(v.collateral().withTcbInfo(pki.signJson(json))), FailureReason.TCB_STATUS_REVOKED,
        "TCB status is invalid");
  }

  // --- report attributes -------------------------------------------------------------------

  @Test
  void verify_tdDebug_debugEnabled() {
    onlyStepFails(tdx(), b -> b.tdReport(tdAttributes(1, 0, 0, 0x10, 0, 0, 0, 0)), FailureReason.DEBUG_ENABLED,
        "TDATTRIBUTES.DEBUG is set");
  }

  @Test
  void verify_sgxDebugEnclave_debugEnabled() {
    onlyStepFails(sgx(), b -> b.sgxReport(SgxReportSpec.builder().debug(true).build()), FailureReason.DEBUG_ENABLED,
        "SGX ATTRIBUTES.DEBUG is set");
  }

  @Test
  void verify_septVeDisableClear_septVeDisabled() {
    onlyStepFails(tdx(), b -> b.tdReport(tdAttributes(0, 0, 0, 0, 0, 0, 0, 0)), FailureReason.SEPT_VE_DISABLED,
        "SEPT_VE_DISABLE is not enabled");
  }

  @Test
  void verify_reservedTudBit_tdAttributes() {
    onlyStepFails(tdx(), b -> b.tdReport(tdAttributes(2, 0, 0, 0x10, 0, 0, 0, 0)), FailureReason.TD_ATTRIBUTES,
        "Reserved bits in TD attributes are set: TUD 02");
  }

  @Test
  void verify_reservedSecBit_tdAttributes() {
    onlyStepFails(tdx(), b -> b.tdReport(tdAttributes(0, 1, 0, 0x10, 0, 0, 0, 0)), FailureReason.TD_ATTRIBUTES,
        "Reserved bits in TD attributes are set: TDATTRIBUTES 0001001000000000");
  }

  @Test
  void verify_reservedOtherBit_tdAttributes() {
    onlyStepFails(tdx(), b -> b.tdReport(tdAttributes(0, 0, 0, 0x10, 0, 0, 0, 0x40)), FailureReason.TD_ATTRIBUTES,
        "Reserved bits in TD attributes are set");
  }

  @Test
  void verify_reservedBitWithAllowDebug_stillTdAttributes() {
    DcapTestVector v = tdx().tdReport(tdAttributes(3, 0, 0, 0x10, 0, 0, 0, 0)).build();
    QuoteVerificationException e = Synthetic.failure(Synthetic.verifierFor(v).allowDebug(true).build(), v);
    assertThat(e.reason()).isEqualTo(FailureReason.TD_ATTRIBUTES);
  }

  @Test
  void verify_td15WithServiceTd_serviceTd() {
    byte[] serviceTd = new byte[48];
    serviceTd[0] = 1;
    onlyStepFails(DcapTestVector.tdxV5(pki), b -> b.tdReport(TdReportSpec.builder().v15(true).mrServiceTd(serviceTd).build()),
        FailureReason.SERVICE_TD, "Invalid mr service td");
  }

  @Test
  void verify_td10InQuoteV5_noServiceTdCheck() {
    DcapTestVector v = DcapTestVector.tdxV5(pki).tdReport(TdReportSpec.builder().v15(false).build()).build();
    VerifiedQuote q = Synthetic.verify(v);
    assertThat(q.report().type()).isEqualTo(BodyType.TD_REPORT_10);
  }

}

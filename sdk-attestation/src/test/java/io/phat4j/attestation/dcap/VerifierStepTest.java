package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phat4j.core.Hex;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;

/** One test per verification step, each failing only that step by mutating a real vector. */
class VerifierStepTest {
  private static final String SGX = "sgx_v3_phala_sample";
  private static final String TDX = "tdx_v4_phala_sample";

  private static QuoteVerificationException fail(byte[] quote, QuoteCollateral c, Instant now) {
    return fail(Vectors.INTEL, quote, c, now);
  }

  private static QuoteVerificationException fail(QuoteVerifier v, byte[] quote, QuoteCollateral c, Instant now) {
    QuoteVerificationException e = catchThrowableOfType(QuoteVerificationException.class, () -> v.verify(quote, c, now));
    assertThat(e).as("verification must fail").isNotNull();
    return e;
  }

  private static QuoteVerificationException failSgx(byte[] quote) {
    return fail(quote, Vectors.collateral(SGX), Vectors.time(SGX));
  }

  private static QuoteVerificationException failSgx(QuoteCollateral c) {
    return fail(Vectors.quote(SGX), c, Vectors.time(SGX));
  }

  private static List<String> pemBlocks(String pem) throws Exception {
    List<String> out = new ArrayList<>();
    try (PemReader r = new PemReader(new StringReader(pem))) {
      PemObject o;
      while ((o = r.readPemObject()) != null) {
        out.add("-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder().encodeToString(o.getContent())
            + "\n-----END CERTIFICATE-----\n");
      }
    }
    return out;
  }

  @Test
  void verify_unmodifiedSamples_succeed() {
    assertThat(Vectors.INTEL.verify(Vectors.quote(SGX), Vectors.collateral(SGX), Vectors.time(SGX)).status())
        .isEqualTo(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED);
    VerifiedQuote tdx = Vectors.INTEL.verify(Vectors.quote(TDX), Vectors.collateral(TDX), Vectors.time(TDX));
    assertThat(tdx.status()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(tdx.teeType()).isEqualTo(TeeType.TDX);
    assertThat(tdx.qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(tdx.platformStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(tdx.fmspc()).isEqualTo("b0c06f000000");
  }

  @Test
  void verify_truncatedQuote_quoteFormat() {
    QuoteVerificationException e = failSgx(Vectors.quote("neg_sgx_truncated"));
    assertThat(e.reason()).isEqualTo(FailureReason.QUOTE_FORMAT);
    assertThat(e.getMessage()).startsWith("Failed to decode quote");
    assertThat(e.getCause()).isInstanceOf(QuoteFormatException.class);
  }

  @Test
  void verify_everyTruncation_onlyQuoteFormat() {
    byte[] raw = Vectors.quote(TDX);
    int declared = Quote.parse(raw).declaredLength();
    for (int len = 0; len < declared; len += 7) {
      QuoteVerificationException e = fail(Arrays.copyOf(raw, len), Vectors.collateral(TDX), Vectors.time(TDX));
      assertThat(e.reason()).as("length %d", len).isEqualTo(FailureReason.QUOTE_FORMAT);
    }
  }

  @Test
  void verify_sgxQuoteVersion4_unsupportedVersion() {
    QuoteVerificationException e = failSgx(QuoteBuilder.sgxAsV4(Vectors.quote(SGX)));
    assertThat(e.reason()).isEqualTo(FailureReason.UNSUPPORTED_VERSION);
    assertThat(e.dcapQvlMessage()).isEqualTo("SGX TEE quote must have version 3");
  }

  @Test
  void verify_foreignQeVendorId_qeVendorId() {
    QuoteVerificationException e = failSgx(Mutations.flip(Vectors.quote(SGX), 12));
    assertThat(e.reason()).isEqualTo(FailureReason.QE_VENDOR_ID);
    assertThat(e.getMessage()).contains("Unknown QE vendor ID");
  }

  @Test
  void verify_p384KeyType_attestationKeyType() {
    QuoteVerificationException e = failSgx(Vectors.quote("neg_sgx_att_key_type_3"));
    assertThat(e.reason()).isEqualTo(FailureReason.ATTESTATION_KEY_TYPE);
    assertThat(e.getMessage()).contains("Unsupported DCAP attestation key type");
  }

  @Test
  void verify_tcbInfoVersion2_tcbInfoFormat() {
    String v = "sgx_v3_automata_tcbinfo_v2_0625";
    QuoteVerificationException e = fail(Vectors.quote(v), Vectors.collateral(v), Vectors.time(v));
    assertThat(e.reason()).isEqualTo(FailureReason.TCB_INFO_FORMAT);
    assertThat(e.getMessage()).startsWith("Failed to decode TcbInfo").contains("version 2");
  }

  @Test
  void verify_tcbInfoNotJson_tcbInfoFormat() {
    QuoteVerificationException e = failSgx(Mutations.with(Vectors.collateral(SGX), "tcb_info", "{oops"));
    assertThat(e.reason()).isEqualTo(FailureReason.TCB_INFO_FORMAT);
    assertThat(e.getMessage()).contains("tcb_info");
  }

  @Test
  void verify_beforeTcbInfoIssueDate_tcbInfoNotYetValid() {
    QuoteVerificationException e = fail(Vectors.quote(SGX), Vectors.collateral(SGX), Instant.parse("2025-06-19T10:50:00Z"));
    assertThat(e.reason()).isEqualTo(FailureReason.TCB_INFO_NOT_YET_VALID);
    assertThat(e.getMessage()).contains("TCBInfo issue date is in the future");
  }

  @Test
  void verify_afterTcbInfoNextUpdate_tcbInfoExpired() {
    String v = "neg_sgx_tcbinfo_expired";
    QuoteVerificationException e = fail(Vectors.quote(v), Vectors.collateral(v), Vectors.time(v));
    assertThat(e.reason()).isEqualTo(FailureReason.TCB_INFO_EXPIRED);
    assertThat(e.getMessage()).contains("TCBInfo expired");
  }

  @Test
  void verify_tamperedTcbInfo_tcbInfoSignature() {
    QuoteVerificationException e = failSgx(Vectors.collateral("neg_sgx_tcbinfo_tampered"));
    assertThat(e.reason()).isEqualTo(FailureReason.TCB_INFO_SIGNATURE);
    assertThat(e.getMessage()).contains("Signature is invalid for tcb_info");
  }

  @Test
  void verify_flippedTcbInfoSignature_tcbInfoSignature() {
    QuoteCollateral c = Vectors.collateral(SGX);
    byte[] sig = c.tcbInfoSignature();
    sig[40] ^= 1;
    QuoteVerificationException e = failSgx(Mutations.with(c, "tcb_info_signature", Hex.encode(sig)));
    assertThat(e.reason()).isEqualTo(FailureReason.TCB_INFO_SIGNATURE);
  }

  @Test
  void verify_qeIdentityNotJson_qeIdentityFormat() {
    QuoteVerificationException e = failSgx(Mutations.with(Vectors.collateral(SGX), "qe_identity", "{}"));
    assertThat(e.reason()).isEqualTo(FailureReason.QE_IDENTITY_FORMAT);
    assertThat(e.getMessage()).contains("Failed to decode QeIdentity").contains("qe_identity.id");
  }

  @Test
  void verify_beforeQeIdentityIssueDate_qeIdentityNotYetValid() {
    // TDX sample: TCB info issued 10:16:03, QE identity 10:32:27 on 2025-06-19.
    QuoteVerificationException e = fail(Vectors.quote(TDX), Vectors.collateral(TDX), Instant.parse("2025-06-19T10:20:00Z"));
    assertThat(e.reason()).isEqualTo(FailureReason.QE_IDENTITY_NOT_YET_VALID);
    assertThat(e.getMessage()).contains("QE Identity issue date is in the future");
  }

  @Test
  void verify_afterQeIdentityNextUpdate_qeIdentityExpired() {
    // SGX sample: QE identity expires 2025-07-19T10:01:18Z, TCB info at 10:56:11Z.
    QuoteVerificationException e = fail(Vectors.quote(SGX), Vectors.collateral(SGX), Instant.parse("2025-07-19T10:30:00Z"));
    assertThat(e.reason()).isEqualTo(FailureReason.QE_IDENTITY_EXPIRED);
    assertThat(e.getMessage()).contains("QE Identity expired");
  }

  @Test
  void verify_flippedQeIdentitySignature_qeIdentitySignature() {
    QuoteCollateral c = Vectors.collateral(SGX);
    byte[] sig = c.qeIdentitySignature();
    sig[5] ^= 1;
    QuoteVerificationException e = failSgx(Mutations.with(c, "qe_identity_signature", Hex.encode(sig)));
    assertThat(e.reason()).isEqualTo(FailureReason.QE_IDENTITY_SIGNATURE);
    assertThat(e.getMessage()).contains("Signature is invalid for qe_identity");
  }

  @Test
  void verify_sgxCollateralForTdxQuote_qeIdentityType() {
    String v = "neg_tdx_fmspc_mismatch_collateral";
    QuoteVerificationException e = fail(Vectors.quote(v), Vectors.collateral(v), Vectors.time(v));
    assertThat(e.reason()).isEqualTo(FailureReason.QE_IDENTITY_TYPE);
    assertThat(e.getMessage()).contains("Unsupported QE Identity id/version for the quote TEE type");
  }

  @Test
  void verify_certTypeEncryptedPpidWithoutChain_pckCertFormat() {
    byte[] q = Vectors.quote(SGX);
    q[1046] = 3;
    QuoteVerificationException e = failSgx(q);
    assertThat(e.reason()).isEqualTo(FailureReason.PCK_CERT_FORMAT);
    assertThat(e.dcapQvlMessage()).isEqualTo("Unsupported DCAP PCK cert format: 3");
  }

  @Test
  void verify_certTypeEncryptedPpidWithChainInCollateral_succeeds() {
    byte[] q = Vectors.quote(SGX);
    String chain = Quote.parse(q).pckCertChainPem();
    q[1046] = 3;
    VerifiedQuote v = Vectors.INTEL.verify(q, Vectors.collateral(SGX).withPckCertificateChain(chain), Vectors.time(SGX));
    assertThat(v.status()).isEqualTo(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED);
  }

  @Test
  void verify_wrongTrustAnchor_certChain() {
    String v = "neg_sgx_wrong_root_ca";
    QuoteVerificationException e = fail(Vectors.verifier(v), Vectors.quote(v), Vectors.collateral(v), Vectors.time(v));
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_CHAIN);
    assertThat(e.dcapQvlMessage()).isEqualTo("Failed to verify certificate chain - intermediate signature invalid");
  }

  @Test
  void verify_pckChainOnlyLeaf_certChainTooShort() throws Exception {
    List<String> certs = pemBlocks(Quote.parse(Vectors.quote(SGX)).pckCertChainPem());
    QuoteVerificationException e = failSgx(Vectors.collateral(SGX).withPckCertificateChain(certs.get(0)));
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_CHAIN);
    assertThat(e.dcapQvlMessage()).isEqualTo("Certificate chain is too short in quote");
  }

  @Test
  void verify_pckChainStartingWithCa_caUsedAsEndEntity() throws Exception {
    List<String> certs = pemBlocks(Quote.parse(Vectors.quote(SGX)).pckCertChainPem());
    QuoteVerificationException e = failSgx(Vectors.collateral(SGX).withPckCertificateChain(certs.get(1) + certs.get(2)));
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_CHAIN);
    assertThat(e.dcapQvlMessage()).isEqualTo("CaUsedAsEndEntity");
  }

  @Test
  void verify_pckChainMissingCa_leafSignatureInvalid() throws Exception {
    List<String> certs = pemBlocks(Quote.parse(Vectors.quote(SGX)).pckCertChainPem());
    QuoteVerificationException e = failSgx(Vectors.collateral(SGX).withPckCertificateChain(certs.get(0) + certs.get(2)));
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_CHAIN);
    assertThat(e.dcapQvlMessage()).isEqualTo("Failed to verify certificate chain - leaf signature invalid");
  }

  @Test
  void verify_tcbChainOnlySigner_certChainTooShort() throws Exception {
    QuoteCollateral c = Vectors.collateral(SGX);
    String signer = pemBlocks(c.tcbInfoIssuerChain()).get(0);
    QuoteVerificationException e = failSgx(Mutations.with(c, "tcb_info_issuer_chain", signer));
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_CHAIN);
    assertThat(e.dcapQvlMessage()).isEqualTo("Certificate chain is too short for TCB Info");
  }

  @Test
  void verify_garbagePem_collateralFormat() {
    QuoteCollateral c = Mutations.with(Vectors.collateral(SGX), "tcb_info_issuer_chain",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    QuoteVerificationException e = failSgx(c);
    assertThat(e.reason()).isEqualTo(FailureReason.COLLATERAL_FORMAT);
    assertThat(e.getMessage()).contains("tcb_info_issuer_chain");
  }

  @Test
  void verify_expiredTcbSigningCert_certExpired() throws Exception {
    // The 2018-2025-05-21 TCB signing certificate (same key as the renewed one) used after it expired.
    String old = Vectors.collateral("tdx_v4_dcaprs_00806f_0225").tcbInfoIssuerChain();
    QuoteVerificationException e = failSgx(Mutations.with(Vectors.collateral(SGX), "tcb_info_issuer_chain", old));
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_EXPIRED);
    assertThat(e.getMessage()).contains("Certificate is expired or not yet valid").contains("Intel SGX TCB Signing");
  }

  @Test
  void verify_pckLeafNotYetValid_certExpired() {
    String c = TDX;
    QuoteVerificationException e = fail(Vectors.quote("tdx_v4_phala_near"), Vectors.collateral(c), Vectors.time(c));
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_EXPIRED);
    assertThat(e.getMessage()).contains("Intel SGX PCK Certificate");
  }

  @Test
  void verify_garbageCrl_crlFormat() {
    QuoteVerificationException e = failSgx(Mutations.with(Vectors.collateral(SGX), "root_ca_crl", "3000"));
    assertThat(e.reason()).isEqualTo(FailureReason.CRL_FORMAT);
    assertThat(e.getMessage()).contains("root_ca_crl");
  }

  @Test
  void verify_noCrlFromPckCa_crlMissing() {
    QuoteCollateral c = Vectors.collateral(SGX);
    QuoteVerificationException e = failSgx(Mutations.with(c, "pck_crl", Hex.encode(c.rootCaCrl())));
    assertThat(e.reason()).isEqualTo(FailureReason.CRL_MISSING);
    assertThat(e.getMessage()).contains("Intel SGX PCK Processor CA");
  }

  @Test
  void verify_flippedCrlSignature_crlSignature() {
    QuoteCollateral c = Vectors.collateral(SGX);
    byte[] crl = c.pckCrl();
    crl[crl.length - 1] ^= 1;
    QuoteVerificationException e = failSgx(Mutations.with(c, "pck_crl", Hex.encode(crl)));
    assertThat(e.reason()).isEqualTo(FailureReason.CRL_SIGNATURE);
    assertThat(e.getMessage()).contains("pck_crl");
  }

  @Test
  void verify_afterPckCrlNextUpdate_crlExpired() {
    // TDX sample: PCK CRL next update 2025-07-19T10:00:35Z, TCB info 10:16:03Z, QE identity 10:32:27Z.
    QuoteVerificationException e = fail(Vectors.quote(TDX), Vectors.collateral(TDX), Instant.parse("2025-07-19T10:05:00Z"));
    assertThat(e.reason()).isEqualTo(FailureReason.CRL_EXPIRED);
    assertThat(e.getMessage()).contains("pck_crl expired");
  }

  @Test
  void verify_flippedQeReport_qeReportSignature() {
    QuoteVerificationException e = failSgx(Vectors.quote("neg_sgx_qe_report_flip"));
    assertThat(e.reason()).isEqualTo(FailureReason.QE_REPORT_SIGNATURE);
    assertThat(e.getMessage()).contains("Signature is invalid for qe_report in quote");
  }

  @Test
  void verify_qeAuthData31Bytes_qeAuthData() {
    byte[] q = Vectors.quote(SGX);
    byte[] auth = Arrays.copyOf(Quote.parse(q).qeAuthData(), 31);
    QuoteVerificationException e = failSgx(QuoteBuilder.sgxWithQeAuthData(q, auth));
    assertThat(e.reason()).isEqualTo(FailureReason.QE_AUTH_DATA);
    assertThat(e.getMessage()).contains("Invalid QE auth data length").contains("31");
  }

  @Test
  void verify_qeAuthDataChanged_qeReportBinding() {
    byte[] q = Vectors.quote(SGX);
    byte[] auth = Quote.parse(q).qeAuthData();
    auth[0] ^= 1;
    QuoteVerificationException e = failSgx(QuoteBuilder.sgxWithQeAuthData(q, auth));
    assertThat(e.reason()).isEqualTo(FailureReason.QE_REPORT_BINDING);
  }

  @Test
  void verify_flippedAttestationKey_qeReportBinding() {
    QuoteVerificationException e = failSgx(Vectors.quote("neg_sgx_attest_key_flip"));
    assertThat(e.reason()).isEqualTo(FailureReason.QE_REPORT_BINDING);
    assertThat(e.getMessage()).contains("QE report hash mismatch");
  }

  @Test
  void verify_flippedReportBody_quoteSignature() {
    QuoteVerificationException e = failSgx(Vectors.quote("neg_sgx_report_body_flip"));
    assertThat(e.reason()).isEqualTo(FailureReason.QUOTE_SIGNATURE);
    assertThat(e.getMessage()).contains("ISV enclave report signature is invalid");
  }

  @Test
  void verify_flippedTdxQuoteSignature_quoteSignature() {
    QuoteVerificationException e = fail(Mutations.flip(Vectors.quote(TDX), 650), Vectors.collateral(TDX), Vectors.time(TDX));
    assertThat(e.reason()).isEqualTo(FailureReason.QUOTE_SIGNATURE);
  }

  @Test
  void verify_collateralOfOtherFmspc_fmspcMismatch() {
    String c = "tdx_v4_automata_00806f_0725";
    QuoteVerificationException e = fail(Vectors.quote(TDX), Vectors.collateral(c), Vectors.time(c));
    assertThat(e.reason()).isEqualTo(FailureReason.FMSPC_MISMATCH);
    assertThat(e.getMessage()).contains("Fmspc mismatch").contains("b0c06f000000").contains("00806f050000");
  }

  @Test
  void verify_platformBelowAllLevels_noMatchingTcbLevel() {
    String v = "tdx_v4_phala_tappd";
    QuoteVerificationException e = fail(Vectors.quote(v), Vectors.collateral(v), Vectors.time(v));
    assertThat(e.reason()).isEqualTo(FailureReason.NO_MATCHING_TCB_LEVEL);
    assertThat(e.getMessage()).isEqualTo("No matching TCB level found");
  }

  @Test
  void verify_debugEnclave_debugEnabled() {
    String v = "sgx_v3_automata_solana";
    QuoteVerificationException e = fail(Vectors.quote(v), Vectors.collateral(v), Vectors.time(v));
    assertThat(e.reason()).isEqualTo(FailureReason.DEBUG_ENABLED);
    assertThat(e.getMessage()).contains("Debug mode is enabled");
  }

  @Test
  void verify_debugEnclaveWithAllowDebug_succeeds() {
    String v = "sgx_v3_automata_solana";
    QuoteVerifier lenient = QuoteVerifier.builder().allowDebug(true).build();
    VerifiedQuote q = lenient.verify(Vectors.quote(v), Vectors.collateral(v), Vectors.time(v));
    assertThat(q.report().debug()).isTrue();
    assertThat(q.status().isValid()).isTrue();
  }

  @Test
  void verify_flippedRootCrlSignature_crlSignature() {
    QuoteCollateral c = Vectors.collateral(SGX);
    byte[] crl = c.rootCaCrl();
    crl[crl.length - 1] ^= 1;
    QuoteVerificationException e = failSgx(Mutations.with(c, "root_ca_crl", Hex.encode(crl)));
    assertThat(e.reason()).isEqualTo(FailureReason.CRL_SIGNATURE);
    assertThat(e.getMessage()).contains("root_ca_crl");
  }
}

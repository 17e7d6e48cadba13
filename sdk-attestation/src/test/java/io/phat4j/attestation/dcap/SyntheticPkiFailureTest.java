package io.phat4j.attestation.dcap;

import static io.phat4j.attestation.dcap.Synthetic.NOW;
import static io.phat4j.attestation.dcap.Synthetic.onlyStepFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.testkit.CrlSpec;
import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.DcapTestVector;
import io.phat4j.testkit.PckCredential;
import io.phat4j.testkit.SgxExtensionSpec;
import io.phat4j.testkit.TestCollateral;
import io.phat4j.testkit.TestSigningKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Certificate, CRL and trust-anchor steps on generated vectors, each failing alone: revocation
 * (PCK leaf, PCK CA, TCB signer, the anchor itself), CRL expiry, signature and coverage,
 * certificate validity, chain shape and the PCK certificate's SGX extension.
 */
class SyntheticPkiFailureTest {
  private static DcapTestPki pki;
  /** Same names as {@link #pki}, other keys: its CRLs and certificates claim the right issuer but are not signed by it. */
  private static DcapTestPki impostor;

  @BeforeAll
  static void pkis() {
    pki = Synthetic.pki("synthetic-pki");
    impostor = Synthetic.pki("synthetic-pki-impostor");
  }

  private static DcapTestVector.Builder tdx() {
    return DcapTestVector.tdxV4(pki);
  }

  private static DcapTestVector withCrls(DcapTestVector v, byte[] rootCaCrl, byte[] pckCrl) {
    return v.withCollateral(v.collateral().withCrls(rootCaCrl, pckCrl));
  }

  private static BigInteger serial(java.security.cert.X509Certificate cert) {
    return cert.getSerialNumber();
  }

  // --- revocation --------------------------------------------------------------------------

  @Test
  void verify_pckLeafInPckCrl_certRevoked() {
    onlyStepFails(tdx(), b -> b.revokePck(true), FailureReason.CERT_REVOKED, "PCK Certificate");
  }

  @Test
  void verify_pckCaInRootCrl_certRevoked() {
    BigInteger pckCa = serial(pki.pckCaCertificate());
    onlyStepFails(tdx(), b -> b.rootCaCrl(CrlSpec.validAt(NOW).withRevoked(pckCa)), FailureReason.CERT_REVOKED,
        "PCK Platform CA,O=phat4j Test PKI,L=Nowhere,ST=CA,C=US (serial " + pckCa.toString(16) + ") is listed in root_ca_crl");
  }

  @Test
  void verify_tcbSignerInRootCrl_certRevoked() {
    onlyStepFails(tdx(), b -> b.rootCaCrl(CrlSpec.validAt(NOW).withRevoked(serial(pki.tcbSigningCertificate()))),
        FailureReason.CERT_REVOKED, "TCB Signing");
  }

  @Test
  void verify_otherSerialsInCrls_accepted() {
    DcapTestVector v = tdx().rootCaCrl(CrlSpec.validAt(NOW).withRevoked(BigInteger.valueOf(7)))
        .pckCrl(CrlSpec.validAt(NOW).withRevoked(BigInteger.TEN, BigInteger.TWO)).build();
    assertThat(Synthetic.verify(v).status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_pckSerialListedByRootCrl_notRevoked() {
    // Revocation is issuer-qualified: the root's CRL cannot revoke a certificate the PCK CA issued.
    DcapTestVector v = tdx().build();
    DcapTestVector listed = withCrls(v, pki.rootCaCrl(CrlSpec.validAt(NOW).withRevoked(v.pck().serial())),
        pki.pckCrl(CrlSpec.validAt(NOW)));
    assertThat(Synthetic.verify(listed).status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_trustAnchorInItsOwnCrl_trustAnchor() {
    QuoteVerificationException e = onlyStepFails(tdx(),
        b -> b.rootCaCrl(CrlSpec.validAt(NOW).withRevoked(serial(pki.rootCertificate()))),
        FailureReason.TRUST_ANCHOR, "the trust anchor is listed in root_ca_crl");
    assertThat(e.dcapQvlMessage()).isEqualTo("Certificate is revoked");
  }

  @Test
  void verify_trustAnchorInCrlNotSignedByIt_crlSignatureNotTrustAnchor() {
    // Someone else's CRL naming the anchor must not revoke it; it fails as a bad CRL instead.
    DcapTestVector v = tdx().build();
    byte[] forged = impostor.rootCaCrl(CrlSpec.validAt(NOW).withRevoked(serial(pki.rootCertificate())));
    onlyStepFails(v, withCrls(v, forged, pki.pckCrl(CrlSpec.validAt(NOW))), FailureReason.CRL_SIGNATURE,
        "root_ca_crl is not signed by");
  }

  // --- CRLs --------------------------------------------------------------------------------

  @Test
  void verify_pckCrlPastNextUpdate_crlExpired() {
    onlyStepFails(tdx(), b -> b.pckCrl(CrlSpec.expiredAt(NOW)), FailureReason.CRL_EXPIRED, "pck_crl expired at");
  }

  // Intel's QVL rule, in the default and the strict mode alike: a CRL without nextUpdate is an
  // unsupported format, one whose thisUpdate lies after the verification time is expired.
  @org.junit.jupiter.params.ParameterizedTest(name = "strict={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void verify_pckCrlWithoutNextUpdate_crlFormat(boolean strict) {
    DcapTestVector v = tdx().pckCrl(CrlSpec.withoutNextUpdate(NOW)).build();
    assertThat(verifies(tdx().build(), strict)).isTrue();
    QuoteVerificationException e = Synthetic.failure(Synthetic.verifierFor(v).strictEncoding(strict).build(), v);
    assertThat(e.reason()).isEqualTo(FailureReason.CRL_FORMAT);
    assertThat(e.getMessage()).contains("pck_crl has no nextUpdate");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "strict={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void verify_rootCaCrlWithoutNextUpdate_crlFormat(boolean strict) {
    DcapTestVector v = tdx().rootCaCrl(CrlSpec.withoutNextUpdate(NOW)).build();
    QuoteVerificationException e = Synthetic.failure(Synthetic.verifierFor(v).strictEncoding(strict).build(), v);
    assertThat(e.reason()).isEqualTo(FailureReason.CRL_FORMAT);
    assertThat(e.getMessage()).contains("root_ca_crl has no nextUpdate");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "strict={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void verify_crlIssuedAfterVerificationTime_crlExpired(boolean strict) {
    for (boolean pck : new boolean[] {true, false}) {
      DcapTestVector v = pck
          ? tdx().pckCrl(CrlSpec.notYetValidAt(NOW)).build()
          : tdx().rootCaCrl(CrlSpec.notYetValidAt(NOW)).build();
      QuoteVerificationException e = Synthetic.failure(Synthetic.verifierFor(v).strictEncoding(strict).build(), v);
      assertThat(e.reason()).isEqualTo(FailureReason.CRL_EXPIRED);
      assertThat(e.getMessage()).contains((pck ? "pck_crl" : "root_ca_crl") + " is not valid before its thisUpdate");
      // At thisUpdate itself the same CRL is current (both bounds inclusive, as in the QVL).
      DcapTestVector atIssue = v.withTime(NOW.plus(Duration.ofHours(1)));
      assertThat(verifies(atIssue, strict)).isTrue();
    }
  }

  private static boolean verifies(DcapTestVector v, boolean strict) {
    Synthetic.verify(Synthetic.verifierFor(v).strictEncoding(strict).build(), v);
    return true;
  }

  @Test
  void verify_rootCaCrlPastNextUpdate_crlExpired() {
    onlyStepFails(tdx(), b -> b.rootCaCrl(CrlSpec.expiredAt(NOW)), FailureReason.CRL_EXPIRED, "root_ca_crl expired at");
  }

  @Test
  void verify_crlNextUpdateEqualsNow_accepted() {
    CrlSpec edge = new CrlSpec(NOW.minus(Duration.ofDays(30)), NOW, java.util.List.of());
    assertThat(Synthetic.verify(tdx().pckCrl(edge).rootCaCrl(edge).build()).status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_pckCrlNotSignedByPckCa_crlSignature() {
    DcapTestVector v = tdx().build();
    onlyStepFails(v, withCrls(v, pki.rootCaCrl(CrlSpec.validAt(NOW)), impostor.pckCrl(CrlSpec.validAt(NOW))),
        FailureReason.CRL_SIGNATURE, "pck_crl is not signed by CN=phat4j Test SGX PCK Platform CA");
  }

  @Test
  void verify_rootCaCrlNotSignedByRoot_crlSignature() {
    DcapTestVector v = tdx().build();
    onlyStepFails(v, withCrls(v, impostor.rootCaCrl(CrlSpec.validAt(NOW)), pki.pckCrl(CrlSpec.validAt(NOW))),
        FailureReason.CRL_SIGNATURE, "root_ca_crl is not signed by CN=phat4j Test SGX Root CA");
  }

  @Test
  void verify_noCrlFromPckCa_crlMissing() {
    DcapTestVector v = tdx().build();
    byte[] rootCrl = pki.rootCaCrl(CrlSpec.validAt(NOW));
    onlyStepFails(v, withCrls(v, rootCrl, rootCrl), FailureReason.CRL_MISSING,
        "no CRL from CN=phat4j Test SGX PCK Platform CA");
  }

  @Test
  void verify_noCrlFromRoot_crlMissing() {
    DcapTestVector v = tdx().build();
    byte[] pckCrl = pki.pckCrl(CrlSpec.validAt(NOW));
    onlyStepFails(v, withCrls(v, pckCrl, pckCrl), FailureReason.CRL_MISSING, "no CRL from CN=phat4j Test SGX Root CA");
  }

  @Test
  void verify_crlNotDer_crlFormat() {
    DcapTestVector v = tdx().build();
    onlyStepFails(v, withCrls(v, pki.rootCaCrl(CrlSpec.validAt(NOW)), new byte[] {0x30, 0x03, 0x02, 0x01}),
        FailureReason.CRL_FORMAT, "pck_crl is not a valid DER CRL");
  }

  // --- certificate validity ----------------------------------------------------------------

  @Test
  void verify_pckCertExpired_certExpired() {
    onlyStepFails(tdx(), b -> b.pckValidity(NOW.minus(Duration.ofDays(400)), NOW.minusSeconds(1)),
        FailureReason.CERT_EXPIRED, "PCK Certificate");
  }

  @Test
  void verify_pckCertNotYetValid_certExpired() {
    onlyStepFails(tdx(), b -> b.pckValidity(NOW.plusSeconds(1), NOW.plus(Duration.ofDays(400))),
        FailureReason.CERT_EXPIRED, "Certificate is expired or not yet valid");
  }

  @Test
  void verify_pckValidityEndpointsAtNow_accepted() {
    assertThat(Synthetic.verify(tdx().pckValidity(NOW.minus(Duration.ofDays(400)), NOW).build()).status())
        .isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(Synthetic.verify(tdx().pckValidity(NOW, NOW.plus(Duration.ofDays(400))).build()).status())
        .isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_caCertificatesExpired_certExpired() {
    Instant from = NOW.minus(Duration.ofDays(730));
    DcapTestPki current = caValidity(from, NOW.plus(Duration.ofDays(365)));
    DcapTestPki lapsed = caValidity(from, NOW.minusSeconds(1));
    // The TCB signing chain is checked first; the anchor's own validity is not checked.
    onlyStepFails(DcapTestVector.tdxV4(current).build(), DcapTestVector.tdxV4(lapsed).build(),
        FailureReason.CERT_EXPIRED, "TCB Signing");
  }

  @Test
  void verify_warmVerifierAfterPckCertExpiry_certExpired() {
    // Cached chains keep their validity windows; every call still compares them with its own time.
    DcapTestVector v = tdx().pckValidity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(1))).build();
    QuoteVerifier warm = Synthetic.verifierFor(v).build();
    assertThat(Synthetic.verify(warm, v).status()).isEqualTo(TcbStatus.UP_TO_DATE);
    QuoteVerificationException e = Synthetic.failure(warm, v.withTime(NOW.plus(Duration.ofDays(2))));
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_EXPIRED);
    assertThat(warm.cacheStats().pckChainHits()).isPositive();
  }

  @Test
  void verify_warmVerifierAfterCrlNextUpdate_crlExpired() {
    CrlSpec shortLived = new CrlSpec(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)), java.util.List.of());
    DcapTestVector v = tdx().pckCrl(shortLived).build();
    QuoteVerifier warm = Synthetic.verifierFor(v).build();
    assertThat(Synthetic.verify(warm, v).status()).isEqualTo(TcbStatus.UP_TO_DATE);
    QuoteVerificationException e = Synthetic.failure(warm, v.withTime(NOW.plus(Duration.ofDays(2))));
    assertThat(e.reason()).isEqualTo(FailureReason.CRL_EXPIRED);
    assertThat(e).hasMessageContaining("pck_crl expired");
  }

  private static DcapTestPki caValidity(Instant notBefore, Instant notAfter) {
    return DcapTestPki.builder().seed("synthetic-ca-validity").clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .caValidity(notBefore, notAfter).build();
  }

  // --- chains ------------------------------------------------------------------------------

  @Test
  void verify_caUsedAsEndEntity_certChain() {
    QuoteVerificationException e = onlyStepFails(tdx(), b -> b.caAsEndEntity(true), FailureReason.CERT_CHAIN,
        "CaUsedAsEndEntity");
    assertThat(e.dcapQvlMessage()).isEqualTo("CaUsedAsEndEntity");
  }

  @Test
  void verify_rootOfAnotherPki_certChain() {
    DcapTestVector v = tdx().build();
    QuoteVerificationException e = onlyStepFails(v, v.withRootCaDer(impostor.rootCaDer()), FailureReason.CERT_CHAIN,
        "is not signed by");
    assertThat(e.dcapQvlMessage()).isEqualTo("Failed to verify certificate chain - intermediate signature invalid");
  }

  @Test
  void verify_pckLeafOfImpostorUnderRealCa_leafSignatureInvalid() {
    PckCredential forged = impostor.issuePck(SgxExtensionSpec.builder().build());
    String chain = forged.pem() + pki.pckCrlIssuerChainPem();
    QuoteVerificationException e = onlyStepFails(tdx(), b -> b.quote(q -> q.chainPem(chain)), FailureReason.CERT_CHAIN,
        "is not signed by");
    assertThat(e.dcapQvlMessage()).isEqualTo("Failed to verify certificate chain - leaf signature invalid");
  }

  @Test
  void verify_pckLeafIssuedByEndEntityTcbSigner_certChain() {
    // The TCB signing certificate chains to the root but is no CA: what it signs is not a PCK certificate.
    DcapTestVector v = tdx().build();
    X500Name signerName = X500Name.getInstance(pki.tcbSigningCertificate().getSubjectX500Principal().getEncoded());
    String chain = pem(issueLeaf(signerName, pki.tcbSigningKey(), v, v.pck().extension().toDer(), false))
        + pki.tcbIssuerChainPem();
    onlyStepFails(v, tdx().quote(q -> q.chainPem(chain)).build(), FailureReason.CERT_CHAIN,
        "issuer CN=phat4j Test SGX TCB Signing,O=phat4j Test PKI,L=Nowhere,ST=CA,C=US is not a CA");
  }

  @Test
  void verify_pckLeafWithUnknownCriticalExtension_certChain() {
    // dcap-qvl 0.5.2 (webpki) rejects certificates with critical extensions it does not understand.
    String plain = leafChainWithUnknownCritical(tdx().build(), false);
    String critical = leafChainWithUnknownCritical(tdx().build(), true);
    onlyStepFails(tdx().quote(q -> q.chainPem(plain)).build(), tdx().quote(q -> q.chainPem(critical)).build(),
        FailureReason.CERT_CHAIN, "unsupported critical extension 1.3.6.1.4.1.55555.1");
  }

  @Test
  void verify_pckChainWithoutIntermediates_certChainTooShort() {
    DcapTestVector v = tdx().certificationDataType(4).build();
    onlyStepFails(v, v.withCollateral(v.collateral().withPckCertificateChain(v.pck().pem())), FailureReason.CERT_CHAIN,
        "Certificate chain is too short in quote");
  }

  @Test
  void verify_qeIdentityChainOnlySigner_certChainTooShort() {
    DcapTestVector v = tdx().build();
    TestCollateral c = v.collateral();
    String signerOnly = pem(encoded(pki.tcbSigningCertificate()));
    TestCollateral shortChain = new TestCollateral(c.pckCrlIssuerChain(), c.rootCaCrlHex(), c.pckCrlHex(),
        c.tcbInfoIssuerChain(), c.tcbInfo(), c.tcbInfoSignatureHex(), signerOnly, c.qeIdentity(),
        c.qeIdentitySignatureHex(), c.pckCertificateChain());
    onlyStepFails(v, v.withCollateral(shortChain), FailureReason.CERT_CHAIN, "Certificate chain is too short for QE Identity");
  }

  @Test
  void verify_tcbInfoSignedByPckKey_certChain() {
    // A platform's PCK chain also ends at the root; its key must still not be able to sign TCB info.
    DcapTestVector v = tdx().build();
    TestCollateral c = v.collateral();
    String sig = io.phat4j.core.Hex.encode(v.pck().key().signRaw(c.tcbInfo().getBytes(StandardCharsets.UTF_8)));
    TestCollateral forged = new TestCollateral(c.pckCrlIssuerChain(), c.rootCaCrlHex(), c.pckCrlHex(),
        v.pck().chainPem(), c.tcbInfo(), sig, c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignatureHex(),
        c.pckCertificateChain());
    onlyStepFails(v, v.withCollateral(forged), FailureReason.CERT_CHAIN,
        "TCB Info signer CN=phat4j Test SGX PCK Certificate,O=phat4j Test PKI,L=Nowhere,ST=CA,C=US is a PCK certificate");
  }

  @Test
  void verify_tcbSignerUnderIntermediateCaAndPckUnderRoot_verifies() {
    // The shape of dcap-qvl's cross-implementation suite: PCK leaf issued by the root, TCB signer
    // issued by an intermediate "TCB Signing CA", whose CRL fills the pck_crl slot.
    assertThat(suiteShaped(false)).satisfies(v -> assertThat(Synthetic.verify(v).status()).isEqualTo(TcbStatus.UP_TO_DATE));
  }

  @Test
  void verify_tcbSignerUnderIntermediateCaCarryingSgxExtension_certChain() {
    onlyStepFails(suiteShaped(false), suiteShaped(true), FailureReason.CERT_CHAIN, "is a PCK certificate");
  }

  /** A vector re-issued into the suite's PKI shape; {@code signerIsPck} gives the signer an SGX extension. */
  private static DcapTestVector suiteShaped(boolean signerIsPck) {
    DcapTestVector v = tdx().build();
    TestCollateral c = v.collateral();
    X500Name rootName = X500Name.getInstance(pki.rootCertificate().getSubjectX500Principal().getEncoded());
    TestSigningKey rootKey = pki.key("root-ca");
    TestSigningKey caKey = pki.key("suite-tcb-signing-ca");
    TestSigningKey signerKey = pki.key("suite-tcb-signer");
    X500Name caName = new X500Name("CN=Test TCB Signing CA, O=phat4j Test PKI");
    byte[] root = pki.rootCaDer();
    byte[] ca = issue(rootName, rootKey, caName, caKey, true, null);
    byte[] signer = issue(caName, caKey, new X500Name("CN=Test TCB Signer, O=phat4j Test PKI"), signerKey, false,
        signerIsPck ? v.pck().extension().toDer() : null);
    byte[] pck = issueLeaf(rootName, rootKey, v, v.pck().extension().toDer(), false);
    String tcbChain = pem(signer) + pem(ca) + pem(root);
    byte[] tcbInfo = c.tcbInfo().getBytes(StandardCharsets.UTF_8);
    byte[] qeIdentity = c.qeIdentity().getBytes(StandardCharsets.UTF_8);
    TestCollateral suite = new TestCollateral(pem(ca) + pem(root), c.rootCaCrlHex(),
        java.util.HexFormat.of().formatHex(crl(caName, caKey)), tcbChain, c.tcbInfo(),
        java.util.HexFormat.of().formatHex(signerKey.signRaw(tcbInfo)), tcbChain, c.qeIdentity(),
        java.util.HexFormat.of().formatHex(signerKey.signRaw(qeIdentity)), null);
    return tdx().quote(q -> q.chainPem(pem(pck) + pem(root))).build().withCollateral(suite);
  }

  private static byte[] issue(X500Name issuer, TestSigningKey issuerKey, X500Name subject, TestSigningKey subjectKey,
      boolean ca, byte @Nullable [] sgxExtension) {
    try {
      X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer,
          new BigInteger(1, pki.deriveBytes("suite-serial:" + subject + ":" + (sgxExtension != null), 16)),
          Date.from(NOW.minus(Duration.ofDays(30))), Date.from(NOW.plus(Duration.ofDays(365))), subject,
          subjectKey.subjectPublicKeyInfo());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        b.addExtension(Extension.keyUsage, true,
            new org.bouncycastle.asn1.x509.KeyUsage(
                org.bouncycastle.asn1.x509.KeyUsage.keyCertSign | org.bouncycastle.asn1.x509.KeyUsage.cRLSign));
      }
      if (sgxExtension != null) {
        b.addExtension(new ASN1ObjectIdentifier(SgxExtensionSpec.OID), false, sgxExtension);
      }
      return b.build(new Signer(issuerKey)).getEncoded();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] crl(X500Name issuer, TestSigningKey issuerKey) {
    try {
      org.bouncycastle.cert.X509v2CRLBuilder b =
          new org.bouncycastle.cert.X509v2CRLBuilder(issuer, Date.from(NOW.minus(Duration.ofDays(1))));
      b.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(30))));
      return b.build(new Signer(issuerKey)).getEncoded();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void verify_qeIdentitySignedByPckKey_certChain() {
    DcapTestVector v = tdx().build();
    TestCollateral c = v.collateral();
    String sig = io.phat4j.core.Hex.encode(v.pck().key().signRaw(c.qeIdentity().getBytes(StandardCharsets.UTF_8)));
    TestCollateral forged = new TestCollateral(c.pckCrlIssuerChain(), c.rootCaCrlHex(), c.pckCrlHex(),
        c.tcbInfoIssuerChain(), c.tcbInfo(), c.tcbInfoSignatureHex(), v.pck().chainPem(), c.qeIdentity(), sig,
        c.pckCertificateChain());
    onlyStepFails(v, v.withCollateral(forged), FailureReason.CERT_CHAIN,
        "QE Identity signer CN=phat4j Test SGX PCK Certificate");
  }

  @Test
  void verify_tcbIssuerChainNotPem_collateralFormat() {
    DcapTestVector v = tdx().build();
    TestCollateral c = v.collateral();
    TestCollateral garbage = new TestCollateral(c.pckCrlIssuerChain(), c.rootCaCrlHex(), c.pckCrlHex(),
        "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n", c.tcbInfo(), c.tcbInfoSignatureHex(),
        c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignatureHex(), c.pckCertificateChain());
    onlyStepFails(v, v.withCollateral(garbage), FailureReason.COLLATERAL_FORMAT, "tcb_info_issuer_chain");
  }

  @ParameterizedTest(name = "certification data type {0}")
  @ValueSource(ints = {3, 4})
  void verify_certTypeWithoutChainInCollateral_pckCertFormat(int type) {
    DcapTestVector v = tdx().certificationDataType(type).build();
    onlyStepFails(v, v.withCollateral(v.collateral().withPckCertificateChain(null)), FailureReason.PCK_CERT_FORMAT,
        "Unsupported DCAP PCK cert format: " + type);
  }

  // --- PCK certificate SGX extension -------------------------------------------------------

  @Test
  void verify_pckLeafWithoutSgxExtension_pckExtension() {
    DcapTestVector base = tdx().build();
    String good = leafChain(base, base.pck().extension().toDer());
    String bad = leafChain(base, null);
    onlyStepFails(tdx().quote(q -> q.chainPem(good)).build(), tdx().quote(q -> q.chainPem(bad)).build(),
        FailureReason.PCK_EXTENSION, "not found in PCK certificate");
  }

  @Test
  void verify_sgxExtensionMissingFmspc_pckExtension() {
    DcapTestVector base = tdx().build();
    ASN1Sequence full = ASN1Sequence.getInstance(base.pck().extension().toDer());
    ASN1EncodableVector kept = new ASN1EncodableVector();
    for (ASN1Encodable e : full) {
      if (!ASN1Sequence.getInstance(e).getObjectAt(0).equals(new ASN1ObjectIdentifier(SgxExtensionSpec.OID + ".4"))) {
        kept.add(e);
      }
    }
    String good = leafChain(base, base.pck().extension().toDer());
    String bad = leafChain(base, der(new DERSequence(kept)));
    onlyStepFails(tdx().quote(q -> q.chainPem(good)).build(), tdx().quote(q -> q.chainPem(bad)).build(),
        FailureReason.PCK_EXTENSION, "is missing a required field");
  }

  @Test
  void verify_sgxExtensionFmspcFiveBytes_pckExtension() {
    DcapTestVector base = tdx().build();
    ASN1ObjectIdentifier fmspcOid = new ASN1ObjectIdentifier(SgxExtensionSpec.OID + ".4");
    ASN1EncodableVector changed = new ASN1EncodableVector();
    for (ASN1Encodable e : ASN1Sequence.getInstance(base.pck().extension().toDer())) {
      boolean fmspc = ASN1Sequence.getInstance(e).getObjectAt(0).equals(fmspcOid);
      changed.add(fmspc ? new DERSequence(new ASN1Encodable[] {fmspcOid, new DEROctetString(new byte[5])}) : e);
    }
    String good = leafChain(base, base.pck().extension().toDer());
    String bad = leafChain(base, der(new DERSequence(changed)));
    onlyStepFails(tdx().quote(q -> q.chainPem(good)).build(), tdx().quote(q -> q.chainPem(bad)).build(),
        FailureReason.PCK_EXTENSION, "sgx_extension.fmspc");
  }

  @Test
  void verify_sgxExtensionNotASequence_pckExtension() {
    DcapTestVector base = tdx().build();
    String good = leafChain(base, base.pck().extension().toDer());
    String bad = leafChain(base, der(new DEROctetString(new byte[] {1, 2, 3})));
    onlyStepFails(tdx().quote(q -> q.chainPem(good)).build(), tdx().quote(q -> q.chainPem(bad)).build(),
        FailureReason.PCK_EXTENSION, "is not a valid SGX extension");
  }

  /**
   * A PCK chain whose leaf (same key as {@code v}'s PCK certificate, so the QE report signature
   * still verifies) carries the given SGX extension value, or none. The testkit always adds a
   * well-formed extension, so the leaf is issued here with the PCK CA key the PKI derives from
   * its seed under the label {@code "pck-ca"}.
   */
  private static String leafChain(DcapTestVector v, byte @Nullable [] sgxExtension) {
    TestSigningKey caKey = pki.key("pck-ca");
    assertThat(caKey.subjectPublicKeyInfo().getPublicKeyData().getBytes())
        .as("pki.key(\"pck-ca\") is the PCK CA key")
        .isEqualTo(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
            pki.pckCaCertificate().getPublicKey().getEncoded()).getPublicKeyData().getBytes());
    X500Name issuer = X500Name.getInstance(pki.pckCaCertificate().getSubjectX500Principal().getEncoded());
    return pem(issueLeaf(issuer, caKey, v, sgxExtension, false)) + pki.pckCrlIssuerChainPem();
  }

  /** Like {@link #leafChain} with a valid SGX extension and, if asked, an unknown critical extension. */
  private static String leafChainWithUnknownCritical(DcapTestVector v, boolean critical) {
    X500Name issuer = X500Name.getInstance(pki.pckCaCertificate().getSubjectX500Principal().getEncoded());
    return pem(issueLeaf(issuer, pki.key("pck-ca"), v, v.pck().extension().toDer(), critical))
        + pki.pckCrlIssuerChainPem();
  }

  /** An end-entity certificate for {@code v}'s PCK key, issued under the given name and key. */
  private static byte[] issueLeaf(X500Name issuer, TestSigningKey issuerKey, DcapTestVector v,
      byte @Nullable [] sgxExtension, boolean unknownCritical) {
    String label = "custom-pck-serial:" + issuer + ":" + unknownCritical + ":"
        + (sgxExtension == null ? "none" : java.util.HexFormat.of().formatHex(sgxExtension));
    try {
      X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, new BigInteger(1, pki.deriveBytes(label, 16)),
          Date.from(NOW.minus(Duration.ofDays(30))), Date.from(NOW.plus(Duration.ofDays(365))),
          new X500Name("CN=phat4j Test SGX PCK Certificate, O=phat4j Test PKI"), v.pck().key().subjectPublicKeyInfo());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      if (sgxExtension != null) {
        b.addExtension(new ASN1ObjectIdentifier(SgxExtensionSpec.OID), false, sgxExtension);
      }
      // An extension no verifier knows, flagged critical or not.
      b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1"), unknownCritical, new DEROctetString(new byte[] {1}));
      return b.build(new Signer(issuerKey)).getEncoded();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] der(ASN1Encodable value) {
    try {
      return value.toASN1Primitive().getEncoded("DER");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] encoded(java.security.cert.X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  /** ECDSA-SHA256 with a testkit key, for certificates the testkit cannot issue. */
  private static final class Signer implements ContentSigner {
    private final TestSigningKey key;
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

    Signer(TestSigningKey key) {
      this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    }

    @Override
    public OutputStream getOutputStream() {
      return tbs;
    }

    @Override
    public byte[] getSignature() {
      return key.signDer(tbs.toByteArray());
    }
  }
}

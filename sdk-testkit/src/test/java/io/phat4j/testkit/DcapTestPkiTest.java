package io.phat4j.testkit;

import static io.phat4j.testkit.TestSupport.PKI;
import static io.phat4j.testkit.TestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.testkit.SgxExtensionSpec.SgxType;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

class DcapTestPkiTest {
  private static final SgxExtensionSpec EXT = SgxExtensionSpec.builder()
      .fmspc("00906ED50000")
      .tcbComponents(7, 9, 3, 3, 255, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 2)
      .pceSvn(300)
      .pceId(new byte[] {0, 1})
      .sgxType(SgxType.STANDARD)
      .platformInstanceId(null)
      .configuration(null)
      .build();

  @Test
  void issuePck_chainOfFour_verifiesWithBouncyCastleUnderTheRightIssuers() throws Exception {
    PckCredential pck = PKI.issuePck(EXT);
    X509Certificate root = PKI.rootCertificate();

    assertThat(signedBy(root, root)).isTrue();
    assertThat(signedBy(PKI.pckCaCertificate(), root)).isTrue();
    assertThat(signedBy(PKI.tcbSigningCertificate(), root)).isTrue();
    assertThat(signedBy(pck.certificate(), PKI.pckCaCertificate())).isTrue();
    assertThat(signedBy(pck.certificate(), root)).isFalse();
  }

  @Test
  void issuePck_pkixWithCrls_validatesChainAndRejectsRevokedLeaf() throws Exception {
    PckCredential pck = PKI.issuePck(EXT);
    CrlSpec valid = CrlSpec.validAt(T0);
    List<X509CRL> crls = List.of(crl(PKI.rootCaCrl(valid)), crl(PKI.pckCrl(valid)));
    assertThat(pkix(pck, crls)).isNull();

    List<X509CRL> revoking = List.of(crl(PKI.rootCaCrl(valid)), crl(PKI.pckCrl(valid.withRevoked(pck.serial()))));
    assertThat(pkix(pck, revoking)).isInstanceOf(CertPathValidatorException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void certificates_profiles_matchIntelsCaAndEndEntityProfiles() {
    PckCredential pck = PKI.issuePck(EXT);
    assertThat(PKI.rootCertificate().getBasicConstraints()).isEqualTo(1);
    assertThat(PKI.pckCaCertificate().getBasicConstraints()).isEqualTo(0);
    assertThat(PKI.tcbSigningCertificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(pck.certificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(PKI.rootCertificate().getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(pck.certificate().getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(pck.certificate().getKeyUsage()[5]).as("keyCertSign").isFalse();
    assertThat(pck.certificate().getCriticalExtensionOIDs()).doesNotContain(SgxExtensionSpec.OID);
    assertThat(pck.certificate().getSerialNumber().toByteArray()).hasSize(20);
    assertThat(PKI.rootCertificate().getSubjectX500Principal().getName())
        .contains("CN=phat4j Test SGX Root CA").doesNotContain("Intel");
    assertThat(PKI.pckCaCertificate().getSubjectX500Principal().getName()).contains("SGX PCK Platform CA");
    assertThat(pck.certificate().getIssuerX500Principal()).isEqualTo(PKI.pckCaCertificate().getSubjectX500Principal());
  }

  @Test
  void issuePck_caFlag_producesCaCertificateAsLeaf() {
    PckCredential pck = PKI.newPck(EXT).keyLabel("ca-leaf").caFlag(true).issue();
    assertThat(pck.certificate().getBasicConstraints()).isEqualTo(0);
    assertThat(pck.serial()).isNotEqualTo(PKI.issuePck(EXT).serial());
    PckCredential sameLabel = PKI.newPck(EXT).caFlag(true).issue();
    assertThat(sameLabel.serial()).as("distinct certificates never share a serial")
        .isNotEqualTo(PKI.issuePck(EXT).serial());
    assertThat(sameLabel.key().publicKeyRaw()).isEqualTo(PKI.issuePck(EXT).key().publicKeyRaw());
  }

  @Test
  void issuePck_validity_isWrittenIntoTheCertificate() {
    PckCredential pck = PKI.newPck(EXT).validity(T0.minus(Duration.ofDays(10)), T0.minus(Duration.ofDays(1))).issue();
    assertThat(pck.certificate().getNotAfter()).isEqualTo(Date.from(T0.minus(Duration.ofDays(1))));
    assertThat(pck.certificate().getNotBefore()).isEqualTo(Date.from(T0.minus(Duration.ofDays(10))));
  }

  @Test
  void issuePck_sgxExtension_reparsesWithTheValuesPutIn() throws Exception {
    PckCredential pck = PKI.issuePck(EXT);
    Map<String, ASN1Primitive> v = TestSupport.sgxExtensionValues(pck.certificate());

    assertThat(ASN1OctetString.getInstance(v.get("1")).getOctets()).isEqualTo(EXT.ppid());
    int[] comps = {7, 9, 3, 3, 255, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 2};
    for (int i = 0; i < 16; i++) {
      assertThat(ASN1Integer.getInstance(v.get("2." + (i + 1))).intValueExact()).isEqualTo(comps[i]);
    }
    assertThat(ASN1Integer.getInstance(v.get("2.17")).intValueExact()).isEqualTo(300);
    assertThat(ASN1OctetString.getInstance(v.get("2.18")).getOctets())
        .isEqualTo(Hex.decode("cpusvn", "07090303ff0100050000000000000002"));
    assertThat(ASN1OctetString.getInstance(v.get("3")).getOctets()).containsExactly(0, 1);
    assertThat(ASN1OctetString.getInstance(v.get("4")).getOctets()).isEqualTo(Hex.decode("f", "00906ed50000"));
    assertThat(ASN1Enumerated.getInstance(v.get("5")).intValueExact()).isZero();
    assertThat(v).doesNotContainKeys("6", "7");
  }

  @Test
  void sgxExtension_intelValues_encodeExactlyLikeTheRealPckCertificate() throws Exception {
    X509Certificate real = TestSupport.certificates(TestSupport.resource("pck_leaf_tdx_v4_phala_sample.pem")).get(0);
    byte[] realValue = ASN1OctetString.getInstance(real.getExtensionValue(SgxExtensionSpec.OID)).getOctets();

    // The builder defaults are the values of this real Intel certificate.
    assertThat(Hex.encode(SgxExtensionSpec.builder().build().toDer())).isEqualTo(Hex.encode(realValue));
    assertThat(Hex.encode(EXT.toDer())).isNotEqualTo(Hex.encode(realValue));
  }

  @Test
  void sgxExtensionBuilder_wrongLengths_throwDecodeExceptionNamingTheField() {
    assertThatThrownBy(() -> SgxExtensionSpec.builder().fmspc(new byte[5]))
        .isInstanceOf(DecodeException.class).hasMessageContaining("fmspc").hasMessageContaining("6 bytes");
    assertThatThrownBy(() -> SgxExtensionSpec.builder().tcbComponents(1, 2, 3))
        .isInstanceOf(DecodeException.class).hasMessageContaining("tcbComponents");
    assertThatThrownBy(() -> SgxExtensionSpec.builder().pceSvn(70000))
        .isInstanceOf(DecodeException.class).hasMessageContaining("pceSvn");
  }

  @Test
  void pckCrl_withRevokedSerial_isSignedByPckCaAndListsTheSerial() throws Exception {
    BigInteger serial = PKI.issuePck(EXT).serial();
    CrlSpec spec = new CrlSpec(T0.minus(Duration.ofDays(2)), T0.plus(Duration.ofDays(5)), List.of())
        .withRevoked(serial, BigInteger.valueOf(42));
    X509CRLHolder crl = new X509CRLHolder(PKI.pckCrl(spec));

    assertThat(crl.isSignatureValid(verifier(PKI.pckCaCertificate()))).isTrue();
    assertThat(crl.isSignatureValid(verifier(PKI.rootCertificate()))).isFalse();
    assertThat(crl.getIssuer().toString()).contains("SGX PCK Platform CA");
    assertThat(crl.getThisUpdate()).isEqualTo(Date.from(spec.thisUpdate()));
    assertThat(crl.getNextUpdate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(5))));
    X509CRLEntryHolder entry = crl.getRevokedCertificate(serial);
    assertThat(entry).isNotNull();
    assertThat(CRLReason.getInstance(entry.getExtensions().getExtensionParsedValue(Extension.reasonCode)).getValue()
        .intValueExact()).isEqualTo(CRLReason.keyCompromise);
    assertThat(TestSupport.revoked(crl)).hasSize(2);
  }

  @Test
  void rootCaCrl_expiredSpec_hasNextUpdateBeforeNowAndValidSignature() throws Exception {
    X509CRLHolder crl = new X509CRLHolder(PKI.rootCaCrl(CrlSpec.expiredAt(T0)));
    assertThat(crl.isSignatureValid(verifier(PKI.rootCertificate()))).isTrue();
    assertThat(crl.getNextUpdate()).isBefore(Date.from(T0));
    assertThat(TestSupport.revoked(crl)).isEmpty();
  }

  @Test
  void signJson_exactText_verifiesWithTcbSigningKeyAndFailsWhenTampered() throws Exception {
    SignedJson signed = PKI.signJson("{\"id\":\"TDX\",\"version\":3}");
    byte[] sig = Hex.decode("sig", signed.signatureHex(), 64);
    assertThat(signed.signatureHex()).matches("[0-9a-f]{128}");
    assertThat(TestSupport.verifyRaw(PKI.tcbSigningCertificate().getPublicKey(),
        signed.json().getBytes(java.nio.charset.StandardCharsets.UTF_8), sig)).isTrue();
    assertThat(TestSupport.verifyRaw(PKI.tcbSigningCertificate().getPublicKey(),
        "{\"id\":\"TDX\",\"version\":4}".getBytes(java.nio.charset.StandardCharsets.UTF_8), sig)).isFalse();
  }

  @Test
  void issuerChains_pem_listSignerThenRoot() throws Exception {
    List<X509Certificate> tcb = TestSupport.certificates(PKI.tcbIssuerChainPem());
    List<X509Certificate> pck = TestSupport.certificates(PKI.pckCrlIssuerChainPem());
    assertThat(tcb).containsExactly(PKI.tcbSigningCertificate(), PKI.rootCertificate());
    assertThat(pck).containsExactly(PKI.pckCaCertificate(), PKI.rootCertificate());
  }

  @Test
  void build_sameSeedAndClock_reproducesEveryByte() {
    DcapTestPki again = TestSupport.pki("testkit-tests");
    DcapTestPki other = TestSupport.pki("another seed");
    assertThat(again.rootCaDer()).isEqualTo(PKI.rootCaDer());
    assertThat(again.issuePck(EXT).der()).isEqualTo(PKI.issuePck(EXT).der());
    assertThat(again.pckCrl(CrlSpec.validAt(T0))).isEqualTo(PKI.pckCrl(CrlSpec.validAt(T0)));
    assertThat(other.rootCaDer()).isNotEqualTo(PKI.rootCaDer());
    assertThat(DcapTestPki.builder().build().rootCaDer()).isNotEqualTo(DcapTestPki.builder().build().rootCaDer());
  }

  @Test
  void build_seedAndFixedCaValidity_givesTheSameTrustAnchorAtAnyStartTime() {
    java.time.Instant from = java.time.Instant.parse("2024-01-01T00:00:00Z");
    java.time.Instant to = java.time.Instant.parse("2034-01-01T00:00:00Z");
    DcapTestPki early = DcapTestPki.builder().seed("devnet").caValidity(from, to)
        .clock(java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC)).build();
    DcapTestPki late = DcapTestPki.builder().seed("devnet").caValidity(from, to)
        .clock(java.time.Clock.fixed(T0.plus(Duration.ofDays(3)), java.time.ZoneOffset.UTC)).build();
    assertThat(Hex.encode(late.rootCaDer())).isEqualTo(Hex.encode(early.rootCaDer()));
    assertThat(late.tcbIssuerChainPem()).isEqualTo(early.tcbIssuerChainPem());
    assertThat(Hex.encode(TestSupport.pki("devnet").rootCaDer())).as("default CA validity follows the clock")
        .isNotEqualTo(Hex.encode(early.rootCaDer()));
  }

  @Test
  void processorCa_kind_namesTheCaAndCrlUrl() {
    DcapTestPki pki = DcapTestPki.builder().seed("p").pckCaKind(PckCaKind.PROCESSOR).build();
    assertThat(pki.pckCaCertificate().getSubjectX500Principal().getName()).contains("SGX PCK Processor CA");
    assertThat(new String(pki.issuePck(EXT).der(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("pckcrl?ca=processor&encoding=der");
  }

  @Test
  void toString_ofKeysAndPki_showsNoPrivateMaterial() {
    TestSigningKey key = TestSigningKey.derive(new byte[] {1}, "k");
    assertThat(key.toString()).contains("k").contains(Hex.encode(key.publicKeyRaw()));
    assertThat(PKI.issuePck(EXT).toString()).contains("fmspc=00906ed50000").doesNotContain("TestSigningKey");
  }

  private static boolean signedBy(X509Certificate cert, X509Certificate issuer) throws Exception {
    return new X509CertificateHolder(cert.getEncoded()).isSignatureValid(verifier(issuer));
  }

  private static org.bouncycastle.operator.ContentVerifierProvider verifier(X509Certificate issuer) throws Exception {
    return new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey());
  }

  private static X509CRL crl(byte[] der) throws Exception {
    return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
  }

  private static Exception pkix(PckCredential pck, List<X509CRL> crls) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    var path = cf.generateCertPath(List.of(pck.certificate(), PKI.pckCaCertificate()));
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(PKI.rootCertificate(), null)));
    params.setDate(Date.from(T0));
    params.setRevocationEnabled(true);
    params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
    try {
      CertPathValidator.getInstance("PKIX").validate(path, params);
      return null;
    } catch (CertPathValidatorException e) {
      return e;
    }
  }
}

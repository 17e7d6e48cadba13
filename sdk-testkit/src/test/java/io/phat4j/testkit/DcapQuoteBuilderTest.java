package io.phat4j.testkit;

import static io.phat4j.testkit.TestSupport.PKI;
import static io.phat4j.testkit.TestSupport.u16;
import static io.phat4j.testkit.TestSupport.u32;
import static io.phat4j.testkit.TestSupport.verifyRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DcapQuoteBuilderTest {
  private static final PckCredential PCK = PKI.issuePck(SgxExtensionSpec.builder().build());
  private static final TestSigningKey ATT = PKI.key("att");

  private static byte[] fill(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static TdReportSpec report(boolean v15) {
    TdReportSpec.Builder b = TdReportSpec.builder()
        .mrTd(fill(48, 0xd1))
        .rtmr(0, fill(48, 0xa0)).rtmr(1, fill(48, 0xa1)).rtmr(2, fill(48, 0xa2)).rtmr(3, fill(48, 0xa3))
        .reportData(fill(64, 0x5d))
        .mrSeam(fill(48, 0x5e))
        .v15(v15);
    if (v15) {
      b.mrServiceTd(fill(48, 0));
    }
    return b.build();
  }

  @Test
  void tdxV4_fieldOffsets_matchTheQuoteLayout() {
    byte[] q = DcapQuoteBuilder.tdxV4(report(false), PCK, ATT).build();

    assertThat(u16(q, 0)).isEqualTo(4);
    assertThat(u16(q, 2)).isEqualTo(2);
    assertThat(u32(q, 4)).isEqualTo(0x81);
    assertThat(Hex.encode(Arrays.copyOfRange(q, 12, 28))).isEqualTo(DcapQuoteBuilder.INTEL_QE_VENDOR_ID);
    assertThat(Arrays.copyOfRange(q, 184, 232)).isEqualTo(fill(48, 0xd1));
    for (int i = 0; i < 4; i++) {
      assertThat(Arrays.copyOfRange(q, 376 + 48 * i, 424 + 48 * i)).as("RTMR%d", i).isEqualTo(fill(48, 0xa0 + i));
    }
    assertThat(Arrays.copyOfRange(q, 568, 632)).isEqualTo(fill(64, 0x5d));
    assertThat(Arrays.copyOfRange(q, 64, 112)).as("MRSEAM").isEqualTo(fill(48, 0x5e));
    assertThat(q[48 + 120 + 3]).as("SEPT_VE_DISABLE").isEqualTo((byte) 0x10);
    assertThat(u32(q, 632)).isEqualTo(q.length - 636);
  }

  @Test
  void tdxV4_quoteSignature_verifiesOverHeaderAndBodyWithTheEmbeddedAttestationKey() throws Exception {
    byte[] q = DcapQuoteBuilder.tdxV4(report(false), PCK, ATT).build();
    byte[] sig = Arrays.copyOfRange(q, 636, 700);
    PublicKey attKey = rawP256(Arrays.copyOfRange(q, 700, 764));

    assertThat(Arrays.copyOfRange(q, 700, 764)).isEqualTo(ATT.publicKeyRaw());
    assertThat(verifyRaw(attKey, Arrays.copyOfRange(q, 0, 632), sig)).isTrue();
    byte[] tampered = Arrays.copyOfRange(q, 0, 632);
    tampered[600] ^= 1;
    assertThat(verifyRaw(attKey, tampered, sig)).isFalse();
  }

  @Test
  void tdxV4_certificationData_wrapsSignedQeReportBindingAndPemChain() throws Exception {
    byte[] q = DcapQuoteBuilder.tdxV4(report(false), PCK, ATT).build();
    assertThat(u16(q, 764)).isEqualTo(6);
    int type6Size = (int) u32(q, 766);
    assertThat(770 + type6Size).isEqualTo(q.length);
    byte[] qeReport = Arrays.copyOfRange(q, 770, 1154);
    byte[] qeSig = Arrays.copyOfRange(q, 1154, 1218);
    int authSize = u16(q, 1218);
    byte[] auth = Arrays.copyOfRange(q, 1220, 1220 + authSize);
    int innerType = u16(q, 1220 + authSize);
    int innerSize = (int) u32(q, 1222 + authSize);
    byte[] pem = Arrays.copyOfRange(q, 1226 + authSize, 1226 + authSize + innerSize);

    assertThat(authSize).isEqualTo(32);
    assertThat(auth[31]).isEqualTo((byte) 31);
    assertThat(innerType).isEqualTo(5);
    assertThat(1226 + authSize + innerSize).isEqualTo(q.length);
    assertThat(pem[pem.length - 1]).as("NUL terminator like real quotes").isZero();
    List<X509Certificate> chain = TestSupport.certificates(new String(pem, StandardCharsets.US_ASCII));
    assertThat(chain).containsExactly(PCK.certificate(), PKI.pckCaCertificate(), PKI.rootCertificate());
    assertThat(verifyRaw(chain.get(0).getPublicKey(), qeReport, qeSig)).isTrue();

    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(Arrays.copyOfRange(q, 700, 764));
    sha.update(auth);
    assertThat(Arrays.copyOfRange(qeReport, 320, 352)).isEqualTo(sha.digest());
    assertThat(Arrays.copyOfRange(qeReport, 352, 384)).isEqualTo(new byte[32]);
    assertThat(Hex.encode(Arrays.copyOfRange(qeReport, 128, 160))).isEqualToIgnoringCase(QeIdentitySpec.TD_QE_MRSIGNER);
    assertThat(u16(qeReport, 256)).as("ISVPRODID").isEqualTo(2);
    assertThat(qeReport[48] & 0x02).as("QE not debug").isZero();
  }

  @Test
  void sgxV3_offsets_matchTheDocumentedSgxLayout() throws Exception {
    SgxReportSpec body = SgxReportSpec.builder().mrEnclave(fill(32, 0xee)).reportData(fill(64, 0x77)).build();
    byte[] q = DcapQuoteBuilder.sgxV3(body, PCK, ATT).build();

    assertThat(u16(q, 0)).isEqualTo(3);
    assertThat(u32(q, 4)).isZero();
    assertThat(Arrays.copyOfRange(q, 48 + 64, 48 + 96)).isEqualTo(fill(32, 0xee));
    assertThat(u32(q, 432)).isEqualTo(q.length - 436);
    assertThat(verifyRaw(ATT.publicKey(), Arrays.copyOfRange(q, 0, 432), Arrays.copyOfRange(q, 436, 500))).isTrue();
    assertThat(Arrays.copyOfRange(q, 500, 564)).isEqualTo(ATT.publicKeyRaw());
    assertThat(verifyRaw(PCK.certificate().getPublicKey(), Arrays.copyOfRange(q, 564, 948),
        Arrays.copyOfRange(q, 948, 1012))).isTrue();
    assertThat(u16(q, 1012)).isEqualTo(32);
    assertThat(u16(q, 1046)).isEqualTo(5);
    assertThat(1052 + u32(q, 1048)).isEqualTo(q.length);
    assertThat(new String(q, 1052, 27, StandardCharsets.US_ASCII)).isEqualTo("-----BEGIN CERTIFICATE-----");
    assertThat(Hex.encode(Arrays.copyOfRange(q, 564 + 128, 564 + 160))).isEqualToIgnoringCase(QeIdentitySpec.SGX_QE_MRSIGNER);
  }

  @Test
  void tdxV5_td15_hasBodyDescriptorAndSignsTheDescriptor() throws Exception {
    byte[] q = DcapQuoteBuilder.tdxV5(report(true), PCK, ATT).build();
    assertThat(u16(q, 0)).isEqualTo(5);
    assertThat(u16(q, 48)).isEqualTo(3);
    assertThat(u32(q, 50)).isEqualTo(648);
    assertThat(Arrays.copyOfRange(q, 54 + 136, 54 + 184)).isEqualTo(fill(48, 0xd1));
    assertThat(u32(q, 702)).isEqualTo(q.length - 706);
    assertThat(verifyRaw(ATT.publicKey(), Arrays.copyOfRange(q, 0, 702), Arrays.copyOfRange(q, 706, 770))).isTrue();
    assertThat(u16(q, 834)).isEqualTo(6);
    assertThat(verifyRaw(PCK.certificate().getPublicKey(), Arrays.copyOfRange(q, 840, 1224),
        Arrays.copyOfRange(q, 1224, 1288))).isTrue();
  }

  @Test
  void sgxV4_usesTheV4CertificationLayoutWithAnSgxBody() throws Exception {
    byte[] q = DcapQuoteBuilder.sgxV4(SgxReportSpec.builder().build(), PCK, ATT).build();
    assertThat(u16(q, 0)).isEqualTo(4);
    assertThat(u32(q, 4)).isZero();
    assertThat(verifyRaw(ATT.publicKey(), Arrays.copyOfRange(q, 0, 432), Arrays.copyOfRange(q, 436, 500))).isTrue();
    assertThat(u16(q, 564)).isEqualTo(6);
    assertThat(verifyRaw(PCK.certificate().getPublicKey(), Arrays.copyOfRange(q, 570, 954),
        Arrays.copyOfRange(q, 954, 1018))).isTrue();
  }

  @Test
  void tdxV5_td10_usesBodyType2() {
    DcapQuoteBuilder b = DcapQuoteBuilder.tdxV5(report(false), PCK, ATT);
    byte[] q = b.build();
    assertThat(b.signedLength()).isEqualTo(638);
    assertThat(u16(q, 48)).isEqualTo(2);
    assertThat(u32(q, 50)).isEqualTo(584);
  }

  @Test
  void certificationDataType4_embedsOnlyTheLeaf() throws Exception {
    byte[] q = DcapQuoteBuilder.tdxV4(report(false), PCK, ATT).certificationDataType(4).build();
    assertThat(u16(q, 1252)).isEqualTo(4);
    String pem = new String(q, 1258, (int) u32(q, 1254), StandardCharsets.US_ASCII);
    assertThat(TestSupport.certificates(pem)).containsExactly(PCK.certificate());
  }

  @Test
  void certificationDataType3_carriesEncryptedPpidCpuSvnPceSvnPceId() {
    byte[] q = DcapQuoteBuilder.tdxV4(report(false), PCK, ATT).certificationDataType(3).pemNulTerminator(false)
        .build();
    assertThat(u16(q, 1252)).isEqualTo(3);
    assertThat(u32(q, 1254)).isEqualTo(384 + 16 + 2 + 2);
    assertThat(Arrays.copyOfRange(q, 1258 + 384, 1258 + 400)).isEqualTo(PCK.extension().cpuSvn());
    assertThat(u16(q, 1258 + 400)).isEqualTo(PCK.extension().pceSvn());
    assertThat(q).hasSize(1258 + 404);
  }

  @Test
  void debugQeAndUnboundReport_areReflectedInTheQeReport() {
    SgxReportSpec qe = SgxReportSpec.tdQe().debug(true).reportData(fill(64, 0x42)).build();
    byte[] q = DcapQuoteBuilder.tdxV4(report(false), PCK, ATT).qeReport(qe).bindQeReport(false).build();
    assertThat(q[770 + 48] & 0x02).isEqualTo(2);
    assertThat(Arrays.copyOfRange(q, 770 + 320, 770 + 384)).isEqualTo(fill(64, 0x42));
  }

  @Test
  void build_sameInputs_isDeterministic() {
    byte[] a = DcapQuoteBuilder.tdxV4(report(false), PCK, ATT).build();
    byte[] b = DcapQuoteBuilder.tdxV4(report(false), PCK, ATT).build();
    byte[] c = DcapQuoteBuilder.tdxV4(report(false), PCK, PKI.key("other")).build();
    assertThat(a).isEqualTo(b);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void badInputs_throwDecodeExceptionNamingTheField() {
    assertThatThrownBy(() -> DcapQuoteBuilder.tdxV4(report(true), PCK, ATT))
        .isInstanceOf(DecodeException.class).hasMessageContaining("tdxV5");
    assertThatThrownBy(() -> DcapQuoteBuilder.tdxV4(report(false), PCK, ATT).qeVendorId(new byte[3]))
        .isInstanceOf(DecodeException.class).hasMessageContaining("qeVendorId");
    assertThatThrownBy(() -> DcapQuoteBuilder.tdxV4(report(false), PCK, ATT).certificationDataType(6))
        .isInstanceOf(DecodeException.class).hasMessageContaining("certificationDataType");
    assertThatThrownBy(() -> TdReportSpec.builder().mrTd(new byte[47]))
        .isInstanceOf(DecodeException.class).hasMessageContaining("mrTd");
    assertThatThrownBy(() -> TdReportSpec.builder().rtmr(4, new byte[48]))
        .isInstanceOf(DecodeException.class).hasMessageContaining("rtmr");
  }

  /** Builds a JCA key from X ‖ Y independently of the generator. */
  private static PublicKey rawP256(byte[] xy) throws Exception {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
    ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(xy, 0, 32)), new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
  }
}

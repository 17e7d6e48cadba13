package io.phat4j.testkit;

import static io.phat4j.testkit.TestSupport.PKI;
import static io.phat4j.testkit.TestSupport.T0;
import static io.phat4j.testkit.TestSupport.u16;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.core.Hex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DcapTestVectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode tcbInfo(DcapTestVector v) throws Exception {
    return JSON.readTree(v.collateral().tcbInfo());
  }

  private static JsonNode qeIdentity(DcapTestVector v) throws Exception {
    return JSON.readTree(v.collateral().qeIdentity());
  }

  @Test
  void tdxV4Default_collateral_matchesTheQuotesPlatformQeAndModule() throws Exception {
    DcapTestVector v = DcapTestVector.tdxV4(PKI).build();
    byte[] q = v.quote();
    JsonNode tcb = tcbInfo(v);
    JsonNode level = tcb.at("/tcbLevels/0");
    SgxExtensionSpec ext = v.pck().extension();

    assertThat(v.time()).isEqualTo(T0);
    assertThat(tcb.get("fmspc").asText()).isEqualTo(ext.fmspcHex());
    assertThat(level.get("tcbStatus").asText()).isEqualTo("UpToDate");
    assertThat(level.at("/tcb/pcesvn").asInt()).isEqualTo(ext.pceSvn());
    for (int i = 0; i < 16; i++) {
      assertThat(level.at("/tcb/sgxtcbcomponents/" + i + "/svn").asInt()).isEqualTo(ext.cpuSvn()[i] & 0xff);
      assertThat(level.at("/tcb/tdxtcbcomponents/" + i + "/svn").asInt()).as("TEE_TCB_SVN[%d]", i)
          .isEqualTo(q[48 + i] & 0xff);
    }
    assertThat(tcb.at("/tdxModuleIdentities/0/id").asText()).isEqualTo(String.format("TDX_%02X", q[49]));
    assertThat(tcb.at("/tdxModuleIdentities/0/tcbLevels/0/tcb/isvsvn").asInt()).isEqualTo(q[48] & 0xff);
    assertThat(Hex.decode("mrsignerseam", tcb.at("/tdxModule/mrsigner").asText()))
        .isEqualTo(Arrays.copyOfRange(q, 48 + 64, 48 + 112));
    JsonNode qe = qeIdentity(v);
    assertThat(qe.get("id").asText()).isEqualTo("TD_QE");
    assertThat(u16(q, 770 + 258)).as("QE ISVSVN").isGreaterThanOrEqualTo(qe.at("/tcbLevels/0/tcb/isvsvn").asInt());
    assertThat(Hex.encode(Arrays.copyOfRange(q, 770 + 128, 770 + 160))).isEqualToIgnoringCase(qe.get("mrsigner").asText());
    assertThat(parseInstant(tcb.get("issueDate").asText())).isBefore(v.time());
    assertThat(parseInstant(tcb.get("nextUpdate").asText())).isAfter(v.time());
    assertThat(TestSupport.revoked(new X509CRLHolder(Hex.decode("pck_crl", v.collateral().pckCrlHex()))))
        .isEmpty();
  }

  @Test
  void statuses_platformAndQe_areWrittenIntoTheirLevels() throws Exception {
    DcapTestVector v = DcapTestVector.tdxV4(PKI)
        .platformStatus(TcbLevelStatus.OUT_OF_DATE_CONFIGURATION_NEEDED, "INTEL-SA-00960")
        .qeStatus(TcbLevelStatus.SW_HARDENING_NEEDED, "INTEL-SA-00615")
        .moduleStatus(TcbLevelStatus.OUT_OF_DATE)
        .build();
    assertThat(tcbInfo(v).at("/tcbLevels/0/tcbStatus").asText()).isEqualTo("OutOfDateConfigurationNeeded");
    assertThat(tcbInfo(v).at("/tcbLevels/0/advisoryIDs/0").asText()).isEqualTo("INTEL-SA-00960");
    assertThat(tcbInfo(v).at("/tdxModuleIdentities/0/tcbLevels/0/tcbStatus").asText()).isEqualTo("OutOfDate");
    assertThat(qeIdentity(v).at("/tcbLevels/0/tcbStatus").asText()).isEqualTo("SWHardeningNeeded");
    assertThat(qeIdentity(v).at("/tcbLevels/0/advisoryIDs/0").asText()).isEqualTo("INTEL-SA-00615");
  }

  @Test
  void revokePck_listsThePckSerialInTheSignedPckCrl() throws Exception {
    DcapTestVector v = DcapTestVector.tdxV4(PKI).revokePck(true).build();
    X509CRLHolder crl = new X509CRLHolder(Hex.decode("pck_crl", v.collateral().pckCrlHex()));
    assertThat(crl.getRevokedCertificate(v.pck().serial())).isNotNull();
    assertThat(crl.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
        .build(PKI.pckCaCertificate().getPublicKey()))).isTrue();
  }

  @Test
  void expiredCrl_option_setsNextUpdateBeforeTheVerificationTime() throws Exception {
    DcapTestVector v = DcapTestVector.tdxV4(PKI).rootCaCrl(CrlSpec.expiredAt(T0)).build();
    X509CRLHolder crl = new X509CRLHolder(Hex.decode("root_ca_crl", v.collateral().rootCaCrlHex()));
    assertThat(crl.getNextUpdate().toInstant()).isBefore(v.time());
  }

  @Test
  void caAsEndEntity_embedsALeafWithTheCaFlag() throws Exception {
    DcapTestVector v = DcapTestVector.tdxV4(PKI).caAsEndEntity(true).build();
    List<X509Certificate> chain = TestSupport.certificates(new String(v.quote(), StandardCharsets.ISO_8859_1));
    assertThat(chain.get(0).getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(chain.get(0)).isEqualTo(v.pck().certificate());
  }

  @Test
  void pckValidity_expiredWindow_endsBeforeTheVerificationTime() {
    DcapTestVector v = DcapTestVector.tdxV4(PKI)
        .pckValidity(T0.minus(Duration.ofDays(400)), T0.minus(Duration.ofDays(1))).build();
    assertThat(v.pck().certificate().getNotAfter().toInstant()).isBefore(v.time());
  }

  @Test
  void withRootCaDer_otherPki_rootDoesNotSignTheEmbeddedChain() throws Exception {
    DcapTestVector v = DcapTestVector.tdxV4(PKI).build().withRootCaDer(TestSupport.pki("other").rootCaDer());
    X509Certificate anchor = TestSupport.certificates(
        org.bouncycastle.util.encoders.Base64.toBase64String(v.rootCaDer()).transform(
            b64 -> "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n")).get(0);
    X509Certificate embeddedRoot = TestSupport.certificates(new String(v.quote(), StandardCharsets.ISO_8859_1)).get(2);
    assertThat(anchor).isNotEqualTo(embeddedRoot);
    assertThat(anchor.getSubjectX500Principal()).isEqualTo(embeddedRoot.getSubjectX500Principal());
  }

  @Test
  void qeDebug_setsTheQeReportDebugBit() {
    byte[] q = DcapTestVector.tdxV4(PKI).qeDebug(true).build().quote();
    byte[] normal = DcapTestVector.tdxV4(PKI).build().quote();
    assertThat(q[770 + 48] & 0x02).isEqualTo(2);
    assertThat(normal[770 + 48] & 0x02).isZero();
  }

  @Test
  void certificationDataType4_movesTheChainIntoCollateral() throws Exception {
    DcapTestVector v = DcapTestVector.tdxV4(PKI).certificationDataType(4).build();
    assertThat(v.collateral().pckCertificateChain()).isEqualTo(v.pck().chainPem());
    assertThat(TestSupport.certificates(new String(v.quote(), StandardCharsets.ISO_8859_1))).hasSize(1);
  }

  @Test
  void qeIdentityVersion3_andCustomisers_reachTheSignedDocuments() throws Exception {
    DcapTestVector v = DcapTestVector.tdxV4(PKI)
        .qeIdentityVersion(3)
        .tcbInfo(b -> b.tdxModuleIdentities(List.of(new TdxModuleIdentitySpec("TDX_01", "AB".repeat(48),
            "0000000000000000", "FFFFFFFFFFFFFFFF", List.of(EnclaveTcbLevelSpec.of(6, TcbLevelStatus.UP_TO_DATE))))))
        .build();
    assertThat(qeIdentity(v).get("version").asInt()).isEqualTo(3);
    assertThat(tcbInfo(v).at("/tdxModuleIdentities/0/mrsigner").asText()).isEqualTo("AB".repeat(48));
    assertThat(TestSupport.verifyRaw(PKI.tcbSigningCertificate().getPublicKey(),
        v.collateral().tcbInfo().getBytes(StandardCharsets.UTF_8),
        Hex.decode("sig", v.collateral().tcbInfoSignatureHex()))).isTrue();
  }

  @Test
  void sgxV3AndTdxV5_buildQuotesOfTheirVersion() throws Exception {
    DcapTestVector sgx = DcapTestVector.sgxV3(PKI).platformStatus(TcbLevelStatus.CONFIGURATION_NEEDED).build();
    DcapTestVector v5 = DcapTestVector.tdxV5(PKI).build();
    assertThat(u16(sgx.quote(), 0)).isEqualTo(3);
    assertThat(tcbInfo(sgx).get("id").asText()).isEqualTo("SGX");
    assertThat(qeIdentity(sgx).get("id").asText()).isEqualTo("QE");
    assertThat(u16(v5.quote(), 0)).isEqualTo(5);
    assertThat(u16(v5.quote(), 48)).isEqualTo(3);
  }

  @Test
  void writeTo_folder_containsTheFourFilesOfAVectorFolder(@TempDir Path dir) throws Exception {
    DcapTestVector v = DcapTestVector.tdxV4(PKI).time(T0.plus(Duration.ofHours(2))).build();
    v.writeTo(dir.resolve("case"));
    assertThat(Files.readAllBytes(dir.resolve("case/quote.bin"))).isEqualTo(v.quote());
    assertThat(Files.readAllBytes(dir.resolve("case/root_ca.der"))).isEqualTo(PKI.rootCaDer());
    assertThat(Files.readString(dir.resolve("case/time.txt"))).isEqualTo((T0.getEpochSecond() + 7200) + "\n");
    assertThat(JSON.readTree(dir.resolve("case/collateral.json").toFile()).get("tcb_info").asText())
        .isEqualTo(v.collateral().tcbInfo());
  }

  @Test
  void build_sameSeedAndClock_isByteIdentical() {
    DcapTestPki a = TestSupport.pki("repro");
    DcapTestPki b = TestSupport.pki("repro");
    DcapTestVector va = DcapTestVector.tdxV4(a).revokePck(true).build();
    DcapTestVector vb = DcapTestVector.tdxV4(b).revokePck(true).build();
    assertThat(va.quote()).isEqualTo(vb.quote());
    assertThat(va.collateral()).isEqualTo(vb.collateral());
    assertThat(va.rootCaDer()).isEqualTo(vb.rootCaDer());
  }

  @Test
  void writeDcapVectors_scenarios_areNamedByOutcomeAndDistinct() {
    List<WriteDcapVectors.Scenario> s = WriteDcapVectors.scenarios(PKI);
    assertThat(s).allMatch(c -> c.name().startsWith(c.shouldSucceed() ? "pos_" : "neg_"))
        .allMatch(c -> c.shouldSucceed() == (c.status() != null));
    assertThat(s).extracting(WriteDcapVectors.Scenario::name)
        .contains("pos_tdx_v4_uptodate", "neg_tdx_v4_revoked_pck", "neg_tdx_v4_debug_qe").doesNotHaveDuplicates();
    assertThat(s.stream().map(c -> fingerprint(c.vector())).distinct()).hasSize(s.size());
  }

  @Test
  void writeDcapVectors_write_writesFoldersWithExpectedJson(@TempDir Path dir) throws Exception {
    List<Path> folders = WriteDcapVectors.write(dir, TestSupport.pki("seed-x"));
    assertThat(folders).hasSize(WriteDcapVectors.scenarios(PKI).size());
    JsonNode expected = JSON.readTree(dir.resolve("pos_tdx_v4_out_of_date_config/expected.json").toFile());
    assertThat(expected.get("should_succeed").asBoolean()).isTrue();
    assertThat(expected.get("status").asText()).isEqualTo("OutOfDateConfigurationNeeded");
    assertThat(JSON.readTree(dir.resolve("neg_tdx_v4_revoked_pck/expected.json").toFile()).has("status")).isFalse();
    assertThat(Files.readString(dir.resolve("neg_tdx_v4_revoked_pck/time.txt")).trim())
        .isEqualTo(Long.toString(T0.getEpochSecond()));
    assertThat(dir.resolve("pos_sgx_v3_uptodate/root_ca.der")).exists();
  }

  @Test
  void signedJson_pcsResponseBody_embedsTheSignedTextVerbatim() throws Exception {
    DcapTestVector v = DcapTestVector.tdxV4(PKI).build();
    SignedJson signed = new SignedJson(v.collateral().tcbInfo(), v.collateral().tcbInfoSignatureHex());
    String body = signed.toPcsResponseBody("tcbInfo");
    assertThat(body).startsWith("{\"tcbInfo\":" + signed.json() + ",");
    assertThat(JSON.readTree(body).get("signature").asText()).isEqualTo(signed.signatureHex());
  }

  private static String fingerprint(DcapTestVector v) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update(v.quote());
      sha.update(v.collateral().toJsonBytes());
      sha.update(v.rootCaDer());
      sha.update(Long.toString(v.time().getEpochSecond()).getBytes(StandardCharsets.US_ASCII));
      return Hex.encode(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static java.time.Instant parseInstant(String text) {
    return java.time.Instant.parse(text);
  }
}

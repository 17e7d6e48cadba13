package io.phat4j.testkit;

import static io.phat4j.testkit.TestSupport.PKI;
import static io.phat4j.testkit.TestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.core.Hex;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollateralJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int[] SGX = {3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
  private static final int[] TDX = {6, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  @Test
  void tdxTcbInfo_toJson_hasIntelsFieldsOrderAndEncodings() throws Exception {
    TcbInfoSpec info = TcbInfoSpec.tdx(T0, "b0c06f000000")
        .tdxModuleIdentities(List.of(TdxModuleIdentitySpec.intelLike(1, EnclaveTcbLevelSpec.of(6, TcbLevelStatus.UP_TO_DATE))))
        .addTcbLevel(TcbLevelSpec.tdx(SGX, 11, TDX, TcbLevelStatus.UP_TO_DATE))
        .addTcbLevel(TcbLevelSpec.tdx(SGX, 5, TDX, TcbLevelStatus.OUT_OF_DATE, "INTEL-SA-00960", "INTEL-SA-00982"))
        .build();
    String text = info.toJson();
    JsonNode n = JSON.readTree(text);

    assertThat(fieldNames(n)).containsExactly("id", "version", "issueDate", "nextUpdate", "fmspc", "pceId", "tcbType",
        "tcbEvaluationDataNumber", "tdxModule", "tdxModuleIdentities", "tcbLevels");
    assertThat(text).as("compact, like Intel's").doesNotContain("\": ").doesNotContain(", \"").doesNotContain("\n");
    assertThat(n.get("id").asText()).isEqualTo("TDX");
    assertThat(n.get("version").asInt()).isEqualTo(3);
    assertThat(n.get("fmspc").asText()).isEqualTo("B0C06F000000");
    assertThat(n.get("issueDate").asText()).isEqualTo("2025-06-30T23:00:00Z");
    assertThat(n.get("nextUpdate").asText()).isEqualTo("2025-07-30T23:00:00Z");
    assertThat(n.at("/tdxModule/mrsigner").asText()).hasSize(96);
    assertThat(n.at("/tdxModuleIdentities/0/id").asText()).isEqualTo("TDX_01");
    assertThat(n.at("/tdxModuleIdentities/0/tcbLevels/0/tcb/isvsvn").asInt()).isEqualTo(6);
    JsonNode level0 = n.at("/tcbLevels/0");
    assertThat(fieldNames(level0)).containsExactly("tcb", "tcbDate", "tcbStatus");
    assertThat(fieldNames(level0.get("tcb"))).containsExactly("sgxtcbcomponents", "pcesvn", "tdxtcbcomponents");
    assertThat(level0.at("/tcb/sgxtcbcomponents")).hasSize(16);
    assertThat(level0.at("/tcb/sgxtcbcomponents/7/svn").asInt()).isEqualTo(5);
    assertThat(level0.at("/tcb/sgxtcbcomponents/7/type").asText()).isEqualTo("SEAMLDR ACM");
    assertThat(level0.at("/tcb/sgxtcbcomponents/6").has("category")).isFalse();
    assertThat(level0.at("/tcb/tdxtcbcomponents/0/type").asText()).isEqualTo("TDX Module");
    assertThat(level0.at("/tcb/tdxtcbcomponents/3").size()).isEqualTo(1);
    assertThat(level0.at("/tcb/tdxtcbcomponents/0/svn").asInt()).isEqualTo(6);
    assertThat(level0.at("/tcb/pcesvn").asInt()).isEqualTo(11);
    assertThat(n.at("/tcbLevels/1/tcbStatus").asText()).isEqualTo("OutOfDate");
    assertThat(n.at("/tcbLevels/1/advisoryIDs/1").asText()).isEqualTo("INTEL-SA-00982");
  }

  @Test
  void sgxTcbInfo_toJson_hasNoTdxFields() throws Exception {
    JsonNode n = JSON.readTree(TcbInfoSpec.sgx(T0, "00A067110000").addTcbLevel(TcbLevelSpec.sgx(SGX, 13,
        TcbLevelStatus.SW_HARDENING_NEEDED, "INTEL-SA-00615")).build().toJson());
    assertThat(n.get("id").asText()).isEqualTo("SGX");
    assertThat(n.has("tdxModule")).isFalse();
    assertThat(n.has("tdxModuleIdentities")).isFalse();
    assertThat(n.at("/tcbLevels/0/tcb").has("tdxtcbcomponents")).isFalse();
    assertThat(n.at("/tcbLevels/0/tcbStatus").asText()).isEqualTo("SWHardeningNeeded");
    assertThat(n.at("/tcbLevels/0/tcb/sgxtcbcomponents/0").size()).as("only svn, like real SGX TCB Info").isEqualTo(1);
  }

  @Test
  void tcbStatus_jsonNames_areIntelsSpellings() {
    List<String> names = new ArrayList<>();
    for (TcbLevelStatus s : TcbLevelStatus.values()) {
      names.add(s.jsonName());
    }
    assertThat(names).containsExactly("UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
        "ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked");
  }

  @Test
  void qeIdentity_tdQeVersion3_toJsonHasIntelsFields() throws Exception {
    Instant issue = T0.minus(Duration.ofDays(3));
    QeIdentitySpec id = QeIdentitySpec.tdQe(T0).version(3).dates(issue, issue.plus(Duration.ofDays(30)))
        .tcbLevels(List.of(EnclaveTcbLevelSpec.of(4, TcbLevelStatus.UP_TO_DATE),
            EnclaveTcbLevelSpec.of(2, TcbLevelStatus.OUT_OF_DATE, "INTEL-SA-00615")))
        .build();
    JsonNode n = JSON.readTree(id.toJson());
    assertThat(fieldNames(n)).containsExactly("id", "version", "issueDate", "nextUpdate", "tcbEvaluationDataNumber",
        "miscselect", "miscselectMask", "attributes", "attributesMask", "mrsigner", "isvprodid", "tcbLevels");
    assertThat(n.get("id").asText()).isEqualTo("TD_QE");
    assertThat(n.get("version").asInt()).isEqualTo(3);
    assertThat(n.get("issueDate").asText()).isEqualTo("2025-06-28T00:00:00Z");
    assertThat(n.get("mrsigner").asText()).isEqualTo(QeIdentitySpec.TD_QE_MRSIGNER);
    assertThat(n.get("isvprodid").asInt()).isEqualTo(2);
    assertThat(n.get("attributesMask").asText()).isEqualTo("FBFFFFFFFFFFFFFF0000000000000000");
    assertThat(n.at("/tcbLevels/0").has("advisoryIDs")).isFalse();
    assertThat(n.at("/tcbLevels/1/advisoryIDs/0").asText()).isEqualTo("INTEL-SA-00615");
  }

  @Test
  void signedTcbInfo_signature_verifiesOverTheExactTextOnly() throws Exception {
    SignedJson signed = PKI.sign(TcbInfoSpec.tdx(T0, "B0C06F000000").addTcbLevel(
        TcbLevelSpec.tdx(SGX, 11, TDX, TcbLevelStatus.UP_TO_DATE)).build());
    byte[] sig = Hex.decode("sig", signed.signatureHex(), 64);
    var key = PKI.tcbSigningCertificate().getPublicKey();
    assertThat(TestSupport.verifyRaw(key, signed.json().getBytes(StandardCharsets.UTF_8), sig)).isTrue();
    String reserialised = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(signed.json()));
    assertThat(TestSupport.verifyRaw(key, reserialised.getBytes(StandardCharsets.UTF_8), sig)).isFalse();
  }

  @Test
  void collateral_toJson_hasTheFieldNamesAndEncodingsOfRealCollateral() throws Exception {
    JsonNode real = JSON.readTree(TestSupport.resource("collateral_tdx_v4_phala_sample.json"));
    DcapTestVector v = DcapTestVector.tdxV4(PKI).build();
    JsonNode ours = JSON.readTree(v.collateral().toJson());

    assertThat(fieldNames(ours)).containsExactlyElementsOf(fieldNames(real));
    assertThat(ours.get("root_ca_crl").asText()).matches("30[0-9a-f]+");
    assertThat(ours.get("pck_crl").asText()).matches("30[0-9a-f]+");
    assertThat(ours.get("tcb_info_signature").asText()).matches("[0-9a-f]{128}");
    assertThat(ours.get("qe_identity_signature").asText()).matches("[0-9a-f]{128}");
    assertThat(TestSupport.certificates(ours.get("tcb_info_issuer_chain").asText()))
        .containsExactly(PKI.tcbSigningCertificate(), PKI.rootCertificate());
    assertThat(TestSupport.certificates(ours.get("pck_crl_issuer_chain").asText()))
        .containsExactly(PKI.pckCaCertificate(), PKI.rootCertificate());
    assertThat(ours.get("tcb_info").isTextual()).isTrue();
    assertThat(fieldNames(JSON.readTree(ours.get("tcb_info").asText())))
        .containsExactlyElementsOf(fieldNames(JSON.readTree(real.get("tcb_info").asText())));
    assertThat(fieldNames(JSON.readTree(ours.get("qe_identity").asText())))
        .containsExactlyElementsOf(fieldNames(JSON.readTree(real.get("qe_identity").asText())));
    assertThat(ours.has("pck_certificate_chain")).isFalse();
  }

  @Test
  void collateral_withPckCertificateChain_addsTheFieldLast() throws Exception {
    TestCollateral c = DcapTestVector.tdxV4(PKI).build().collateral().withPckCertificateChain("PEM");
    List<String> names = fieldNames(JSON.readTree(c.toJson()));
    assertThat(names).hasSize(10).last().isEqualTo("pck_certificate_chain");
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}

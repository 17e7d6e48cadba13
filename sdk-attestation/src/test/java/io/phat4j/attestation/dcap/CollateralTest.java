package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.json.PhalaJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollateralTest {

  @Test
  void fromJson_toJson_roundTripsExactly() {
    QuoteCollateral c = Vectors.collateral("tdx_v4_phala_sample");
    QuoteCollateral again = QuoteCollateral.fromJson(c.toJson());
    assertThat(again).isEqualTo(c);
    assertThat(again.contentHash()).isEqualTo(c.contentHash());
    assertThat(again.tcbInfo()).isEqualTo(c.tcbInfo());
    assertThat(c.tcbInfoSignature()).hasSize(64);
    assertThat(c.pckCertificateChain()).isNull();
  }

  @Test
  void fromJson_missingField_namesIt() {
    ObjectNode n = (ObjectNode) PhalaJson.readTree("c", Vectors.collateral("tdx_v4_phala_sample").toJson());
    n.remove("qe_identity_signature");
    assertThatThrownBy(() -> QuoteCollateral.fromJson(n.toString()))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("collateral.qe_identity_signature");
  }

  @Test
  void fromJson_badHex_namesField() {
    ObjectNode n = (ObjectNode) PhalaJson.readTree("c", Vectors.collateral("tdx_v4_phala_sample").toJson());
    n.put("pck_crl", "zz");
    assertThatThrownBy(() -> QuoteCollateral.fromJson(n.toString()))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("collateral.pck_crl");
  }

  @Test
  void fromJson_byteArrayCrl_isAccepted() {
    QuoteCollateral c = Vectors.collateral("tdx_v4_phala_sample");
    ObjectNode n = (ObjectNode) PhalaJson.readTree("c", c.toJson());
    var arr = n.putArray("root_ca_crl");
    for (byte b : c.rootCaCrl()) {
      arr.add(b & 0xff);
    }
    assertThat(QuoteCollateral.fromJson(n.toString()).rootCaCrl()).isEqualTo(c.rootCaCrl());
  }

  @Test
  void fromJson_notJson_isDecodeException() {
    assertThatThrownBy(() -> QuoteCollateral.fromJson("{nope")).isInstanceOf(DecodeException.class).hasMessageContaining("collateral");
  }

  @Test
  void withPckCertificateChain_isWrittenAndRead() {
    QuoteCollateral c = Vectors.collateral("sgx_v3_phala_sample").withPckCertificateChain("PEM");
    assertThat(QuoteCollateral.fromJson(c.toJson()).pckCertificateChain()).isEqualTo("PEM");
  }

  @Test
  void read_file_equalsResourceAndFeedsFileSource(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("collateral.json");
    Files.write(f, Vectors.bytes("tdx_v4_phala_sample", "collateral.json"));
    assertThat(QuoteCollateral.read(f)).isEqualTo(Vectors.collateral("tdx_v4_phala_sample"));
    FileCollateralSource source = FileCollateralSource.of(f);
    Quote q = Quote.parse(Vectors.quote("tdx_v4_phala_sample"));
    assertThat(source.collateralFor(q)).isEqualTo(Vectors.collateral("tdx_v4_phala_sample"));
  }

  @Test
  void tcbInfoParse_tdxV3_readsModuleAndLevels() {
    TcbInfo t = TcbInfo.parse(Vectors.collateral("tdx_v5_gotdx_2026").tcbInfo());
    assertThat(t.id()).isEqualTo("TDX");
    assertThat(t.version()).isEqualTo(3);
    assertThat(t.fmspc()).isEqualTo("90c06f000000");
    assertThat(t.issueDate()).isEqualTo(Instant.parse("2026-02-01T14:49:26Z"));
    assertThat(t.tdxModule()).isNotNull();
    assertThat(t.tdxModuleIdentities()).extracting(TdxModuleIdentity::id).containsExactly("TDX_03", "TDX_01");
    assertThat(t.tcbLevels()).isNotEmpty();
    TcbLevel first = t.tcbLevels().get(0);
    assertThat(first.sgxComponents()).hasSize(16);
    assertThat(first.tdxComponents()).hasSize(16);
    assertThat(first.status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void tcbInfoParse_version2_isRejected() {
    String v2 = Vectors.collateral("sgx_v3_automata_tcbinfo_v2_0625").tcbInfo();
    assertThatThrownBy(() -> TcbInfo.parse(v2)).isInstanceOf(DecodeException.class).hasMessageContaining("version 2");
  }

  @Test
  void tcbInfoParse_badFmspc_namesField() {
    String json = Vectors.collateral("tdx_v4_phala_sample").tcbInfo().replaceFirst("\"fmspc\":\"[0-9A-Fa-f]+\"", "\"fmspc\":\"00\"");
    assertThatThrownBy(() -> TcbInfo.parse(json)).isInstanceOf(DecodeException.class).hasMessageContaining("tcb_info.fmspc");
  }

  @Test
  void qeIdentityParse_tdQe_readsFields() {
    QeIdentity q = QeIdentity.parse(Vectors.collateral("tdx_v5_gotdx_2026").qeIdentity());
    assertThat(q.id()).isEqualTo("TD_QE");
    assertThat(q.version()).isEqualTo(2);
    assertThat(q.mrsigner()).isEqualTo("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");
    assertThat(q.isvProdId()).isEqualTo(2);
    assertThat(q.attributesMask()).isEqualTo("fbffffffffffffff0000000000000000");
    assertThat(q.tcbLevels().get(0).isvSvn()).isEqualTo(4);
  }

  @Test
  void tcbStatus_unknownWireName_mapsToUnknownAndIsInvalid() {
    assertThat(TcbStatus.fromWireName("Bogus")).isEqualTo(TcbStatus.UNKNOWN);
    assertThat(TcbStatus.UNKNOWN.isValid()).isFalse();
    assertThat(TcbStatus.fromWireName("OutOfDate").worse(TcbStatus.UP_TO_DATE)).isEqualTo(TcbStatus.OUT_OF_DATE);
  }
}

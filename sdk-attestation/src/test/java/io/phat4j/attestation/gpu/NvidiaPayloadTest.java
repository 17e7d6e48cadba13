package io.phat4j.attestation.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.json.PhalaJson;
import org.junit.jupiter.api.Test;

class NvidiaPayloadTest {
  private static final String JSON = GpuSamples.text("/gpu/private-ai-verifier-test-data/nvidia_payload.json");

  @Test
  void parse_phalaPayload_readsNonceArchAndOneGpu() {
    NvidiaPayload p = NvidiaPayload.parse(JSON);

    assertThat(p.nonce().hex()).isEqualTo("06ead3cd123da07e798f666b30bbfe049b3feb3a778dffd21bc4fde3e55f0e08");
    assertThat(p.arch()).isEqualTo(GpuArch.HOPPER);
    assertThat(p.evidence()).hasSize(1);
    GpuEvidence e = p.evidence().get(0);
    assertThat(e.index()).isZero();
    assertThat(e.certificateChain()).hasSize(5);
    assertThat(e.certificateChain().get(0).getSubjectX500Principal().getName()).contains("GH100 A01 GSP FMC LF");
    assertThat(e.certificateChain().get(4).getSubjectX500Principal().getName()).contains("NVIDIA Device Identity CA");
  }

  @Test
  void parse_doubleEncodedString_sameAsObject() {
    String doubleEncoded = PhalaJson.writeString(JSON);

    NvidiaPayload p = NvidiaPayload.parse(doubleEncoded);

    assertThat(p).isEqualTo(NvidiaPayload.parse(JSON));
  }

  @Test
  void parse_malformedJson_throwsDecodeException() {
    assertThatThrownBy(() -> NvidiaPayload.parse(JSON.substring(0, JSON.length() / 2)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("nvidia_payload");
  }

  @Test
  void parse_array_throwsExpectedObject() {
    assertThatThrownBy(() -> NvidiaPayload.parse("[1,2]"))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("expected a JSON object");
  }

  @Test
  void parse_shortNonce_throwsNamingNonce() {
    ObjectNode n = (ObjectNode) PhalaJson.readTree("t", JSON);
    n.put("nonce", "06ead3cd");

    assertThatThrownBy(() -> NvidiaPayload.parse(n.toString()))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("nvidia_payload.nonce");
  }

  @Test
  void parse_missingEvidenceList_throws() {
    ObjectNode n = (ObjectNode) PhalaJson.readTree("t", JSON);
    n.remove("evidence_list");

    assertThatThrownBy(() -> NvidiaPayload.parse(n.toString()))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("nvidia_payload.evidence_list");
  }

  @Test
  void parse_unknownArch_throws() {
    ObjectNode n = (ObjectNode) PhalaJson.readTree("t", JSON);
    n.put("arch", "AMPERE");

    assertThatThrownBy(() -> NvidiaPayload.parse(n.toString()))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("nvidia_payload.arch")
        .hasMessageContaining("AMPERE");
  }

  @Test
  void parse_badBase64Evidence_throwsNamingEntry() {
    ObjectNode n = (ObjectNode) PhalaJson.readTree("t", JSON);
    ((ObjectNode) n.get("evidence_list").get(0)).put("evidence", "not*base64");

    assertThatThrownBy(() -> NvidiaPayload.parse(n.toString()))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("nvidia_payload.evidence_list[0].evidence")
        .hasMessageContaining("base64");
  }

  @Test
  void parse_certificateNotPem_throwsNamingCertificate() {
    ObjectNode n = (ObjectNode) PhalaJson.readTree("t", JSON);
    ((ObjectNode) n.get("evidence_list").get(0)).put("certificate",
        java.util.Base64.getEncoder().encodeToString("hello".getBytes()));

    assertThatThrownBy(() -> NvidiaPayload.parse(n.toString()))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("nvidia_payload.evidence_list[0].certificate");
  }

  @Test
  void parse_corruptPemBody_throwsNamingCertificate() {
    String pem = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n";
    ObjectNode n = (ObjectNode) PhalaJson.readTree("t", JSON);
    ((ObjectNode) n.get("evidence_list").get(0)).put("certificate",
        java.util.Base64.getEncoder().encodeToString(pem.getBytes()));

    assertThatThrownBy(() -> NvidiaPayload.parse(n.toString()))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("nvidia_payload.evidence_list[0].certificate");
  }
}

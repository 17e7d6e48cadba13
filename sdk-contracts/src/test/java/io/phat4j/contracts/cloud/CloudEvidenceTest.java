package io.phat4j.contracts.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerification;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.app.EvidenceFormat;
import io.phat4j.attestation.app.LinkResult;
import io.phat4j.attestation.app.LinkStatus;
import io.phat4j.core.DecodeException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Phala Cloud attestation JSON (the CVM attestation shape) as AppVerifier evidence. */
class CloudEvidenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A cloud-shaped attestation around dstack-verifier's real lite capture (quote, events, compose). */
  private static ObjectNode cloudAttestation(String appCompose) throws IOException {
    JsonNode lite;
    try (InputStream in = CloudEvidenceTest.class.getResourceAsStream("/app/tdx-lite-getquote.json")) {
      lite = JSON.readTree(in);
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("name", "lite");
    root.put("is_online", true);
    ObjectNode cert = root.putArray("app_certificates").addObject();
    cert.put("position_in_chain", 0);
    cert.put("quote", lite.get("quote").asText());
    ObjectNode tcb = root.putObject("tcb_info");
    ArrayNode events = (ArrayNode) JSON.readTree(lite.get("event_log").asText());
    tcb.set("event_log", events);
    tcb.put("app_compose", appCompose);
    return root;
  }

  @Test
  void cloudAttestation_verifiesEventLogAndIdentity_osImageFailsForWantOfVmConfig() throws IOException {
    ObjectNode cloud = cloudAttestation("{}");
    assertThat(CloudEvidence.looksLikeCloudAttestation(cloud)).isTrue();
    AppEvidence e = CloudEvidence.fromJson(JSON.writeValueAsBytes(cloud));
    assertThat(e.format()).isEqualTo(EvidenceFormat.PHALA_CLOUD);
    AppVerification v = AppVerifier.builder().build().verify(e, AppPolicy.defaults());
    assertThat(v.link(LinkResult.EVENT_LOG).status()).isEqualTo(LinkStatus.PASSED);
    assertThat(v.appInfo().composeHashHex()).isEqualTo("86b0e55f2fa8e4fb69d890f14f54d5612707646e2573d54e0d2ddaaade77caa9");
    // The cloud's app_compose text is checked against the booted compose hash ("{}" is not it).
    assertThat(v.link(LinkResult.APP_IDENTITY).reason()).contains("app-compose text hashes to");
    assertThat(v.link(LinkResult.OS_IMAGE).reason()).contains("no vm_config");
  }

  @Test
  void typedFactory_fromTheRecord() throws IOException {
    CvmAttestation record = io.phat4j.core.json.PhalaJson.read(
        "attestation", JSON.writeValueAsBytes(cloudAttestation("{}")), CvmAttestation.class);
    AppEvidence e = CloudEvidence.from(record);
    assertThat(e.appCompose()).isEqualTo("{}");
    assertThat(e.eventLogJson()).contains("compose-hash");
  }

  @Test
  void withoutQuoteOrTcbInfo_isADecodeException() throws IOException {
    ObjectNode noQuote = cloudAttestation("{}");
    ((ObjectNode) noQuote.get("app_certificates").get(0)).putNull("quote");
    assertThatThrownBy(() -> CloudEvidence.fromJson(JSON.writeValueAsBytes(noQuote)))
        .isInstanceOf(DecodeException.class).hasMessageContaining("app_certificates");
    ObjectNode noTcb = cloudAttestation("{}");
    noTcb.remove("tcb_info");
    assertThatThrownBy(() -> CloudEvidence.fromJson(JSON.writeValueAsBytes(noTcb)))
        .isInstanceOf(DecodeException.class).hasMessageContaining("tcb_info");
  }
}

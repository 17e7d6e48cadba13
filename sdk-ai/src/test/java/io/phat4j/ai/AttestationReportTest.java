package io.phat4j.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.DecodeException;
import org.junit.jupiter.api.Test;

class AttestationReportTest {
  @Test
  void parse_doubleEncodedFields_decodesPayloadAndInfo() {
    AttestationReport r = AttestationReport.parse(AiSamples.bytes(AiSamples.pavReport()));

    assertThat(r.signingAlgorithm()).isEqualTo(SigningAlgorithm.ECDSA);
    assertThat(r.requestNonce().hex()).isEqualTo(AiSamples.PAV_NONCE);
    assertThat(r.intelQuote()).isEqualTo(io.phat4j.core.Hex.decode("q", AiSamples.text("intel_quote.hex")));
    assertThat(r.nvidiaPayload()).isPresent();
    assertThat(r.nvidiaPayload().get().nonce().hex()).isEqualTo(AiSamples.GPU_NONCE);
    assertThat(r.appId()).contains("00".repeat(20));
    assertThat(r.tcbInfo()).contains("{\"app_compose\":\"{}\"}");
    assertThat(r.version()).isEqualTo(1);
    assertThat(r.tlsCertFingerprint()).isNull();
  }

  @Test
  void select_allAttestationsByAddressCaseInsensitive_findsEntry() {
    ObjectNode top = AiSamples.pavReport();
    ObjectNode other = AiSamples.report("0x" + "ab".repeat(20), "ecdsa", AiSamples.PAV_NONCE,
        AiSamples.text("intel_quote.hex"));
    top.putArray("all_attestations").add(other).add(AiSamples.pavReport());
    AttestationReport r = AttestationReport.parse(AiSamples.bytes(top));

    assertThat(r.allAttestations()).hasSize(2);
    assertThat(r.select("AB".repeat(20))).get().extracting(AttestationReport::signingAddress)
        .isEqualTo("0x" + "ab".repeat(20));
    assertThat(r.select("0x" + "cd".repeat(20))).isEmpty();
  }

  @Test
  void parse_missingQuote_throwsDecodeExceptionNamingField() {
    ObjectNode n = AiSamples.pavReport();
    n.remove("intel_quote");

    assertThatThrownBy(() -> AttestationReport.parse(AiSamples.bytes(n)))
        .isInstanceOf(DecodeException.class).hasMessageContaining("intel_quote");
  }

  @Test
  void parse_shortNonce_throwsDecodeException() {
    ObjectNode n = AiSamples.pavReport().put("request_nonce", "abcd");

    assertThatThrownBy(() -> AttestationReport.parse(AiSamples.bytes(n)))
        .isInstanceOf(DecodeException.class).hasMessageContaining("request_nonce");
  }

  @Test
  void parse_badNestedEntry_namesIndex() {
    ObjectNode top = AiSamples.pavReport();
    top.putArray("all_attestations").add(AiSamples.pavReport().put("signing_address", "0x12"));

    assertThatThrownBy(() -> AttestationReport.parse(AiSamples.bytes(top)))
        .isInstanceOf(DecodeException.class).hasMessageContaining("all_attestations[0].signing_address");
  }

  @Test
  void parse_notJson_throwsDecodeException() {
    assertThatThrownBy(() -> AttestationReport.parse("{oops".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class).hasMessageContaining("attestation report");
  }
}

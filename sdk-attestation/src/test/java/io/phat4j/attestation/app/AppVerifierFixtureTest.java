package io.phat4j.attestation.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** dstack-verifier's own fixtures through AppVerifier, compared field by field with expected.json. */
class AppVerifierFixtureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AppVerifier VERIFIER = AppVerifier.builder().build();

  static byte[] resource(String path) {
    try (InputStream in = AppVerifierFixtureTest.class.getResourceAsStream("/app/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void liteGetQuoteFixtureMatchesExpectedIdentityAndEventLog() {
    AppEvidence evidence = AppEvidence.fromJson(resource("tdx-lite-getquote/tdx-lite-getquote.json"));
    assertThat(evidence.format()).isEqualTo(EvidenceFormat.GUEST_GET_QUOTE);
    AppVerification v = VERIFIER.verify(evidence, AppPolicy.defaults());
    JsonNode expected = json(new String(resource("tdx-lite-getquote/expected.json"), java.nio.charset.StandardCharsets.UTF_8));
    JsonNode got = json(v.toJson());
    System.out.println(v.toText());
    JsonNode d = got.get("details");
    JsonNode e = expected.get("details");
    assertThat(d.get("event_log_verified")).isEqualTo(e.get("event_log_verified"));
    assertThat(d.get("app_info")).isEqualTo(e.get("app_info"));
    assertThat(d.get("key_provider")).isEqualTo(e.get("key_provider"));
    JsonNode bootExpected = e.get("boot_info").deepCopy();
    JsonNode bootGot = d.get("boot_info").deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) bootExpected).remove(java.util.List.of("tcbStatus", "advisoryIds"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) bootGot).remove(java.util.List.of("tcbStatus", "advisoryIds"));
    assertThat(bootGot).isEqualTo(bootExpected);
    // No collateral: the quote link fails with that reason, the others still ran.
    assertThat(v.isValid()).isFalse();
    assertThat(v.link(LinkResult.QUOTE).reason()).contains("no collateral");
    assertThat(got.get("is_valid").asBoolean()).isFalse();
  }
}

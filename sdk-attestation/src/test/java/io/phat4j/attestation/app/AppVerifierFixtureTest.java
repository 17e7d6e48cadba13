package io.phat4j.attestation.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.ratls.RaTlsCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dstack-verifier's own fixtures through {@link AppVerifier}, every field that {@code expected.json}'s
 * {@code acceptance.compare} lists compared with the reference verdict. No collateral exists for
 * these quotes, so the quote link fails (and with it {@code is_valid}), as the README allows.
 */
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

  static String text(String path) {
    return new String(resource(path), StandardCharsets.UTF_8);
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a fixture the way its file type says: PEM through RaTlsCertificate, JSON through detection. */
  static AppEvidence evidence(String fixture) {
    String dir = fixture + "/" + fixture;
    if (fixture.endsWith("tls-key")) {
      return AppEvidence.fromCertificate(RaTlsCertificate.parsePem(resource(dir + ".pem")));
    }
    return AppEvidence.fromJson(resource(dir + ".json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tdx-lite-getquote", "tdx-lite-v0-get-tls-key"})
  void comparedFieldsEqualTheReferenceVerdict(String fixture) {
    JsonNode expected = json(text(fixture + "/expected.json"));
    AppVerification v = VERIFIER.verify(evidence(fixture), AppPolicy.defaults());
    JsonNode got = json(v.toJson());

    for (JsonNode field : expected.get("acceptance").get("compare")) {
      String name = field.asText();
      if (name.startsWith("ra_tls.")) {
        String key = name.substring("ra_tls.".length());
        assertThat(got.get("ra_tls").get(key)).as(name).isEqualTo(expected.get("ra_tls").get(key));
      } else if (name.equals("boot_info")) {
        assertThat(withoutTcb(got.get("details").get(name))).as(name).isEqualTo(withoutTcb(expected.get("details").get(name)));
      } else {
        assertThat(got.get("details").get(name)).as(name).isEqualTo(expected.get("details").get(name));
      }
    }
    // Fields every fixture's identity carries, even where compare does not list them.
    assertThat(got.get("details").get("app_info")).isEqualTo(expected.get("details").get("app_info"));
    assertThat(got.get("details").get("key_provider")).isEqualTo(expected.get("details").get("key_provider"));
    assertThat(got.get("details").get("event_log_verified").asBoolean()).isTrue();

    // Offline: the quote link fails for want of collateral, says so, and hides nothing else.
    assertThat(expected.get("acceptance").get("offline_exit_codes").toString()).contains("1");
    assertThat(v.isValid()).isFalse();
    assertThat(got.get("is_valid").asBoolean()).isFalse();
    assertThat(got.get("details").get("quote_verified").asBoolean()).isFalse();
    assertThat(v.link(LinkResult.QUOTE).reason()).contains("no collateral");
    assertThat(v.reason()).startsWith("Quote verification failed: no collateral");
    assertThat(v.link(LinkResult.EVENT_LOG).status()).isEqualTo(LinkStatus.PASSED);
    assertThat(v.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.PASSED);
    assertThat(v.link(LinkResult.OS_IMAGE).status()).as(v.toText()).isEqualTo(LinkStatus.PASSED);
    assertThat(v.osImagePath()).isEqualTo("lite");
    assertThat(v.failedLinks()).extracting(LinkResult::name).containsExactly(LinkResult.QUOTE);
    assertThat(v.validUntil()).as("an unverified quote must not be cached").isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tdx-lite-getquote", "tdx-lite-v0-get-tls-key"})
  void jsonHasDstackVerifierShape(String fixture) {
    JsonNode expected = json(text(fixture + "/expected.json"));
    JsonNode got = json(VERIFIER.verify(evidence(fixture), AppPolicy.defaults()).toJson());
    assertThat(List.copyOf(fieldNames(got.get("details")))).containsSubsequence(fieldNames(expected.get("details")));
    assertThat(fieldNames(got.get("details").get("app_info"))).isEqualTo(fieldNames(expected.get("details").get("app_info")));
    assertThat(fieldNames(got.get("details").get("boot_info"))).isEqualTo(fieldNames(expected.get("details").get("boot_info")));
    // None of dstack-verifier's Option fields is left out: null where it has None.
    assertThat(got.get("details").has("os_image_is_dev")).isTrue();
    assertThat(got.get("details").has("tcb_status")).isTrue();
    assertThat(got.get("details").get("tcb_status").isNull()).isTrue();
    assertThat(got.has("reason")).isTrue();
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode withoutTcb(JsonNode bootInfo) {
    ObjectNode copy = bootInfo.deepCopy();
    copy.remove(List.of("tcbStatus", "advisoryIds"));
    return copy;
  }
}

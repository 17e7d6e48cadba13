package io.phat4j.contracts.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.SecretString;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookVerifierTest {
  private static final JsonNode VECTOR = Json.tree(CloudServer.resource("webhook-vector.json"));
  private static final String SECRET = VECTOR.get("secret").asText();
  private static final String TIMESTAMP = VECTOR.get("timestamp").asText();
  private static final String SIGNATURE = VECTOR.get("signature").asText();
  private static final byte[] BODY = VECTOR.get("body").asText().getBytes(StandardCharsets.UTF_8);
  private static final long TS = Long.parseLong(TIMESTAMP);

  private static WebhookVerifier at(long epochSecond) {
    return WebhookVerifier.create(
        SecretString.of(SECRET),
        WebhookVerifier.DEFAULT_TOLERANCE,
        Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
  }

  private static Map<String, String> headers(String timestamp, String signature) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.put("x-webhook-timestamp", timestamp);
    h.put("x-webhook-signature", signature);
    return h;
  }

  @Test
  void parse_deliveryAcceptedByPhalaSdk_verifiesAndParsesEnvelope() {
    assertThat(VECTOR.get("accepted_by_phala_cloud").asBoolean()).isTrue();
    WebhookEvent event = at(TS + 120).parse(headers(TIMESTAMP, SIGNATURE)::get, BODY);
    assertThat(event.event()).isEqualTo(VECTOR.get("parsed_event").asText());
    assertThat(event.id()).isEqualTo("evt_01JH");
    assertThat(event.version()).isEqualTo("2026-01-21");
    assertThat(event.createdAt()).isEqualTo("2026-01-21T12:53:20Z");
    assertThat(event.workspace()).isEqualTo(new WebhookEvent.Workspace("ws_1", "team"));
    record StatusData(String cvmId, CvmStatus status, String note) {}
    StatusData data = event.data(StatusData.class);
    assertThat(data.cvmId()).isEqualTo("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f");
    assertThat(data.status()).isEqualTo(CvmStatus.RUNNING);
    assertThat(data.note()).isEqualTo("café ✓");
  }

  @Test
  void verify_uppercaseHexSignature_accepted() {
    at(TS).verify(TIMESTAMP, "sha256=" + SIGNATURE.substring(7).toUpperCase(), BODY);
  }

  @Test
  void verify_tamperedBody_mismatch() {
    byte[] tampered = BODY.clone();
    tampered[tampered.length - 2] = (byte) '2';
    assertThatThrownBy(() -> at(TS).verify(TIMESTAMP, SIGNATURE, tampered))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.MISMATCH))
        .hasMessageContaining("does not match");
  }

  @Test
  void verify_tamperedTimestampWithinTolerance_mismatch() {
    assertThatThrownBy(() -> at(TS).verify(String.valueOf(TS + 1), SIGNATURE, BODY))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.MISMATCH));
  }

  @Test
  void verify_wrongSecret_mismatchWithoutLeakingSecrets() {
    WebhookVerifier other =
        WebhookVerifier.create(
            SecretString.of("whsec_other"), Duration.ofSeconds(300),
            Clock.fixed(Instant.ofEpochSecond(TS), ZoneOffset.UTC));
    assertThatThrownBy(() -> other.verify(TIMESTAMP, SIGNATURE, BODY))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("does not match")
        .hasMessageNotContaining("whsec")
        .hasMessageNotContaining(SIGNATURE.substring(7));
    assertThat(other.toString()).doesNotContain("whsec");
  }

  @Test
  void verify_staleTimestamp_rejectedEvenWithValidSignature() {
    at(TS + 300).verify(TIMESTAMP, SIGNATURE, BODY);
    assertThatThrownBy(() -> at(TS + 301).verify(TIMESTAMP, SIGNATURE, BODY))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.STALE))
        .hasMessageContaining("more than 300 s old");
  }

  @Test
  void verify_futureTimestamp_rejected() {
    at(TS - 300).verify(TIMESTAMP, SIGNATURE, BODY);
    assertThatThrownBy(() -> at(TS - 301).verify(TIMESTAMP, SIGNATURE, BODY))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.FUTURE))
        .hasMessageContaining("in the future");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4afb09d2fcb6878906e3986b495100fe0c5b7be0d438f3747ba8479e51cc0bd4",
        "sha1=4afb09d2fcb6878906e3986b495100fe0c5b7be0d438f3747ba8479e51cc0bd4",
        "sha256=4afb09d2fcb6878906e3986b495100fe0c5b7be0d438f3747ba8479e51cc0bd",
        "sha256=zzfb09d2fcb6878906e3986b495100fe0c5b7be0d438f3747ba8479e51cc0bd4",
        "sha256="
      })
  void verify_malformedSignatureHeader_malformed(String header) {
    assertThatThrownBy(() -> at(TS).verify(TIMESTAMP, header, BODY))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.MALFORMED_HEADER))
        .hasMessageContaining("sha256= followed by 64 hex digits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1769000000", "1769000000.5", "17690e5", "9999999999999999999"})
  void verify_malformedTimestamp_malformed(String timestamp) {
    assertThatThrownBy(() -> at(TS).verify(timestamp, SIGNATURE, BODY))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.MALFORMED_HEADER))
        .hasMessageContaining("X-Webhook-Timestamp is not unix seconds");
  }

  @Test
  void parse_missingHeaders_missingHeader() {
    assertThatThrownBy(() -> at(TS).parse(Map.of("X-Webhook-Timestamp", TIMESTAMP)::get, BODY))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.MISSING_HEADER))
        .hasMessageContaining("missing X-Webhook-Signature");
    assertThatThrownBy(() -> at(TS).parse(name -> null, BODY))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("missing X-Webhook-Timestamp");
  }

  @Test
  void create_emptySecret_throws() {
    assertThatThrownBy(() -> WebhookVerifier.create(SecretString.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("webhook secret is empty");
  }
}

package io.phat4j.contracts.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.phat4j.core.Hex;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.WireLogLevel;
import io.phat4j.testkit.CapturedStderr;
import io.phat4j.testkit.SecretScanner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cloud client's secrets (API key, env values, webhook secret) never show in {@code
 * toString()}, failure messages, deploy events or the wire log at its most verbose level.
 */
@Timeout(60)
class CloudSecretHygieneTest {
  private static final String ENV_TOKEN = "env-TOKEN-do-not-print-4242";
  private static final String ENV_PASSWORD = "env-PASSWORD-do-not-print-1717";
  private static final String WEBHOOK_SECRET = "whsec-do-not-print-0000-1111";

  private final CloudServer cloud = new CloudServer();

  @AfterEach
  void stop() {
    cloud.close();
  }

  private static SecretScanner scanner() {
    return new SecretScanner()
        .secret("api key", CloudServer.API_KEY)
        .secret("env token", ENV_TOKEN)
        .secret("env password", ENV_PASSWORD)
        .secret("webhook secret", WEBHOOK_SECRET);
  }

  private static AppSpec spec() {
    return AppSpec.builder("my-secret-app", "services:\n  app:\n    image: nginx\n")
        .env("API_TOKEN", ENV_TOKEN)
        .env("DB_PASSWORD", ENV_PASSWORD)
        .build();
  }

  @Test
  void deployAndFailures_atBodyWireLogging_leakNoApiKeyOrEnvValue() {
    SecretScanner s = scanner();
    List<DeployEvent> events = new ArrayList<>();
    try (CapturedStderr log = CapturedStderr.start();
        PhalaCloudClient client = cloud.clientBuilder().wireLogging(WireLogLevel.BODY).build()) {
      s.assertClean("PhalaCloudClient", client.toString());
      AppSpec spec = spec();
      s.assertClean("AppSpec", spec.toString());
      s.assertClean("ProvisionRequest", spec.toProvisionRequest().toString());

      cloud.enqueueResource(200, "provision.json");
      cloud.enqueueResource(200, "vm.json");
      cloud.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
          .body("event: state\ndata: {\"status\":\"running\"}\n\n").build());
      DeployResult result = client.deploy(spec, DeployOptions.builder().listener(events::add).build());
      s.assertClean("DeployResult", result.toString());
      s.assertClean("Deployment", result.deployment().toString());
      s.assertClean("deploy events", events.toString());

      // Failure paths: rejected key, server error, lost connection.
      cloud.enqueue(401, "{\"detail\":\"Invalid API key\"}");
      s.assertClean("401", catchThrowable(() -> client.cvms().info(CvmId.of("my-secret-app"))));
      cloud.enqueue(500, "{\"detail\":{\"error_code\":\"ERR-01-003\",\"message\":\"bad compose\"}}");
      s.assertClean("500", catchThrowable(() -> client.cvms().info(CvmId.of("my-secret-app"))));
      // Three attempts, each of which OkHttp may repeat once by itself: resets for all of them.
      for (int i = 0; i < 10; i++) {
        cloud.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
      }
      s.assertClean("connection reset", catchThrowable(() -> client.cvms().info(CvmId.of("my-secret-app"))));

      String text = log.text();
      assertThat(text).contains("POST http://").contains("/api/██/██/██").contains("X-API-Key").contains("encrypted_env");
      s.assertClean("captured wire log", text);
    }
  }

  @Test
  void apiKeyFromEnvironment_toStringLeaksNothing() {
    SecretScanner s = scanner();
    try (PhalaCloudClient client = PhalaCloudClient.builder()
        .environment(name -> name.equals("PHALA_CLOUD_API_KEY") ? CloudServer.API_KEY : null).build()) {
      assertThat(client.hasApiKey()).isTrue();
      s.assertClean("PhalaCloudClient from env", client.toString());
      s.assertClean("PhalaCloudClient.Builder", client.toBuilder().toString());
    }
  }

  @Test
  void webhookVerifier_failuresNeverShowTheSecretOrTheExpectedMac() throws Exception {
    Instant now = Instant.parse("2026-01-21T12:00:00Z");
    WebhookVerifier verifier = WebhookVerifier.create(
        SecretString.of(WEBHOOK_SECRET), WebhookVerifier.DEFAULT_TOLERANCE, Clock.fixed(now, ZoneOffset.UTC));
    byte[] body = "{\"event\":\"cvm.created\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
    String ts = String.valueOf(now.getEpochSecond());
    byte[] mac = hmac(ts + "." + new String(body, StandardCharsets.UTF_8));
    // The MAC the verifier computes for a forged body is as secret as the key: it would be a valid signature.
    SecretScanner s = scanner().secret("expected MAC", mac);
    s.assertClean("WebhookVerifier", verifier.toString());

    verifier.verify(ts, "sha256=" + Hex.encode(mac), body);
    String wrong = "sha256=" + "00".repeat(32);
    s.assertClean("mismatch", catchThrowable(() -> verifier.verify(ts, wrong, body)));
    s.assertClean("malformed signature", catchThrowable(() -> verifier.verify(ts, "sha256=zz", body)));
    s.assertClean("stale", catchThrowable(() -> verifier.verify(
        String.valueOf(now.minus(Duration.ofHours(1)).getEpochSecond()), "sha256=" + Hex.encode(mac), body)));
    s.assertClean("missing header", catchThrowable(() -> verifier.verify(null, wrong, body)));
  }

  private static byte[] hmac(String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
  }
}

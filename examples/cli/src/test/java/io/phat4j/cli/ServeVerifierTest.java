package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.attestation.app.AppVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code serve-verifier} over loopback, with dstack-verifier's request shapes. */
@Timeout(60)
class ServeVerifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static VerifierServer server;
  private static URI base;

  @BeforeAll
  static void start() throws IOException {
    server = VerifierServer.start(new InetSocketAddress("127.0.0.1", 0), AppVerifier.builder().build(), 2, 64 * 1024);
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void quoteEventLogVmConfigRequest_answersVerificationResponse() throws Exception {
    HttpResponse<String> r = post("/verify", CliRunner.resource("verify-app/tdx-lite-getquote.json"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode out = JSON.readTree(r.body());
    JsonNode expected = JSON.readTree(CliRunner.resource("verify-app/tdx-lite-getquote.expected.json"));
    assertThat(out.get("is_valid").asBoolean()).isFalse();
    assertThat(out.get("reason").asText()).startsWith("Quote verification failed: no collateral");
    assertThat(out.get("details").get("app_info")).isEqualTo(expected.get("details").get("app_info"));
    assertThat(out.get("details").get("event_log_verified").asBoolean()).isTrue();
  }

  @Test
  void attestationRequest_answersTheSameIdentity() throws Exception {
    HttpResponse<String> r = post("/verify", CliRunner.resource("verify-app/tdx-lite-attestation.json"));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode expected = JSON.readTree(CliRunner.resource("verify-app/tdx-lite-getquote.expected.json"));
    assertThat(JSON.readTree(r.body()).get("details").get("app_info")).isEqualTo(expected.get("details").get("app_info"));
  }

  @Test
  void emptyRequest_isNotValidWithTheReason_likeDstackVerifier() throws Exception {
    HttpResponse<String> r = post("/verify", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode out = JSON.readTree(r.body());
    assertThat(out.get("is_valid").asBoolean()).isFalse();
    assertThat(out.get("reason").asText()).contains("Quote is required");
    assertThat(out.get("details").get("quote_verified").asBoolean()).isFalse();
    assertThat(out.get("details").get("app_info").isNull()).isTrue();
  }

  @Test
  void notJson_is400_oversized_is413_get_is405() throws Exception {
    assertThat(post("/verify", "not json".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
    assertThat(post("/verify", new byte[64 * 1024 + 1]).statusCode()).isEqualTo(413);
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(base.resolve("/verify")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(base.resolve("/health")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void concurrentRequests_allAnswered() throws Exception {
    byte[] body = CliRunner.resource("verify-app/tdx-lite-getquote.json");
    var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < 8; i++) {
      futures.add(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/verify"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (var f : futures) {
      // Either verified or turned away as busy; never dropped or a server error.
      assertThat(f.get().statusCode()).isIn(200, 503);
    }
  }
}

package io.phat4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.PhalaTransportException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WireLoggingTest {
  private static final String API_KEY = "phak_7f3c9a1b2e";
  private static final String BEARER = "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig";
  private static final String COOKIE = "session=c00k1e-value";
  private static final String SET_COOKIE = "session=s3t-c00k1e; HttpOnly";
  private static final String CUSTOM = "custom-tok-42";
  private static final String SECRET_ENV = "DB_PASSWORD=hunter2-secret";

  private final MockWebServer server = new MockWebServer();
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpTransport transport(WireLogLevel level) {
    return HttpTransport.builder()
        .wireLogging(level)
        .wireLogger(lines::add)
        .redactHeader("X-Custom-Token")
        .build();
  }

  private HttpRequest secretRequest(boolean sensitiveBody) {
    return HttpRequest.builder("POST", server.url("/cvms?api_key=" + API_KEY).uri())
        .header("Accept", "application/json")
        .header("X-API-Key", API_KEY)
        .header("Authorization", BEARER)
        .header("Cookie", COOKIE)
        .header("X-Custom-Token", CUSTOM)
        .body("{\"encrypted_env\":\"" + SECRET_ENV + "\"}", "application/json")
        .sensitiveBody(sensitiveBody)
        .build();
  }

  private String log() {
    return String.join("\n", lines);
  }

  @Test
  void bodyLevel_secretHeadersAndSensitiveBody_neverLogged() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("Set-Cookie", SET_COOKIE)
            .addHeader("X-Request-Id", "req-123")
            .body("{\"secret_reply\":\"" + SECRET_ENV + "\"}")
            .build());
    try (HttpTransport http = transport(WireLogLevel.BODY)) {
      http.execute(secretRequest(true));
    }

    String log = log();
    assertThat(log)
        .doesNotContain(API_KEY)
        .doesNotContain("eyJhbGciOiJIUzI1NiJ9")
        .doesNotContain("c00k1e")
        .doesNotContain(CUSTOM)
        .doesNotContain("hunter2");
    assertThat(lines)
        .contains(
            "Accept: application/json",
            "X-API-Key: ██",
            "Authorization: ██",
            "Cookie: ██",
            "X-Custom-Token: ██",
            "Set-Cookie: ██",
            "X-Request-Id: req-123");
    assertThat(log).contains("sensitive body omitted");
    int bodySize = secretRequest(true).body().length;
    assertThat(lines.get(0))
        .startsWith("--> POST http://")
        .endsWith("/cvms?api_key=██ (" + bodySize + "-byte body)");
  }

  @Test
  void bodyLevel_ordinaryTextBody_loggedWithUserAgent() {
    server.enqueue(
        new MockResponse.Builder()
            .code(201)
            .addHeader("Content-Type", "application/json; charset=utf-8")
            .body("{\"id\":\"cvm-1\"}")
            .build());
    try (HttpTransport http = transport(WireLogLevel.BODY)) {
      http.execute(
          HttpRequest.builder("POST", server.url("/cvms").uri())
              .body("{\"name\":\"demo\"}", "application/json")
              .build());
    }

    assertThat(lines).contains("{\"name\":\"demo\"}", "{\"id\":\"cvm-1\"}");
    assertThat(lines).anyMatch(line -> line.startsWith("User-Agent: phat4j/"));
    assertThat(lines).anyMatch(line -> line.startsWith("<-- 201 POST http://"));
  }

  @Test
  void bodyLevel_binaryAndLongBodies_omittedOrTruncated() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/octet-stream")
            .body(new Buffer().write(new byte[] {0, 1, 2, (byte) 0xff}))
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/plain")
            .body("a".repeat(5000))
            .build());
    try (HttpTransport http = transport(WireLogLevel.BODY)) {
      http.execute(HttpRequest.get(server.url("/bin").uri()));
      http.execute(HttpRequest.get(server.url("/long").uri()));
    }

    assertThat(lines).contains("(4-byte binary body omitted)");
    assertThat(lines).contains("a".repeat(4096) + "… (904 more bytes)");
  }

  @Test
  void headersLevel_bodiesNotLogged() {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"plain\":1}").build());
    try (HttpTransport http = transport(WireLogLevel.HEADERS)) {
      http.execute(secretRequest(false));
    }

    assertThat(log()).doesNotContain("hunter2").doesNotContain("plain").doesNotContain(API_KEY);
    assertThat(lines).contains("Accept: application/json");
  }

  @Test
  void basicLevel_onlySummaryLines() {
    server.enqueue(new MockResponse.Builder().code(204).build());
    try (HttpTransport http = transport(WireLogLevel.BASIC)) {
      http.execute(secretRequest(false));
    }

    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("<-- 204 POST http://").contains("/cvms?api_key=██ (");
    assertThat(log()).doesNotContain(API_KEY).doesNotContain("Accept");
  }

  @Test
  void noneLevel_nothingLogged() {
    server.enqueue(new MockResponse.Builder().code(200).build());
    try (HttpTransport http = transport(WireLogLevel.NONE)) {
      http.execute(secretRequest(false));
    }

    assertThat(lines).isEmpty();
  }

  @Test
  void failure_connectionDropped_loggedWithoutQuery() {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    try (HttpTransport http = transport(WireLogLevel.BASIC)) {
      assertThatThrownBy(() -> http.execute(secretRequest(false)))
          .isInstanceOf(PhalaTransportException.class);
    }

    assertThat(lines).anyMatch(line -> line.startsWith("<-- FAILED POST http://"));
    assertThat(log()).doesNotContain(API_KEY);
  }

  @Test
  void bodyLevel_streamedLines_loggedUnlessSensitive() {
    server.enqueue(new MockResponse.Builder().code(200).body("data: public\n").build());
    server.enqueue(new MockResponse.Builder().code(200).body("data: hunter2\n").build());
    try (HttpTransport http = transport(WireLogLevel.BODY)) {
      http.executeStreaming(HttpRequest.get(server.url("/events").uri()), line -> true);
      http.executeStreaming(
          HttpRequest.builder("GET", server.url("/secret-events").uri())
              .sensitiveBody(true)
              .build(),
          line -> true);
    }

    assertThat(lines).contains("<-- | data: public");
    assertThat(log()).doesNotContain("hunter2");
  }

  @Test
  void retry_logsRetryLine() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "1").build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    try (HttpTransport http = transport(WireLogLevel.BASIC).toBuilder().sleeper(d -> {}).build()) {
      http.execute(HttpRequest.get(server.url("/busy").uri()));
    }

    assertThat(lines)
        .anyMatch(
            line ->
                line.startsWith("--- retrying GET http://")
                    && line.endsWith(" in 1000 ms after status 503"));
    assertThat(lines).anyMatch(line -> line.endsWith("/busy (attempt 2)"));
  }
}

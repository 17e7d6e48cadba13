package io.phat4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.Phat4jVersion;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class HttpTransportTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final MockWebServer server = new MockWebServer();
  private final RecordingSleeper sleeper = new RecordingSleeper(START);
  private final List<HttpTransport> transports = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    transports.forEach(HttpTransport::close);
    server.close();
  }

  private HttpTransport.Builder fakeTime() {
    return HttpTransport.builder().sleeper(sleeper).clock(sleeper);
  }

  private HttpTransport track(HttpTransport transport) {
    transports.add(transport);
    return transport;
  }

  private URI url(String path) {
    return server.url(path).uri();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("status " + code).build();
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("request reached the server").isNotNull();
    return request;
  }

  @Test
  void execute_get_sendsMethodPathHeadersAndUserAgent() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("X-Request-Id", "req-7")
            .body("{\"ok\":true}")
            .build());
    HttpTransport http = track(fakeTime().build());

    HttpResponse response =
        http.execute(
            HttpRequest.builder("GET", url("/api/v1/cvms?page=2"))
                .header("Accept", "application/json")
                .secretHeader("X-API-Key", "phak_test_key")
                .build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.isSuccessful()).isTrue();
    assertThat(response.bodyAsString()).isEqualTo("{\"ok\":true}");
    assertThat(response.header("x-request-id")).isEqualTo("req-7");
    assertThat(response.attempts()).isEqualTo(1);
    RecordedRequest recorded = take();
    assertThat(recorded.getMethod()).isEqualTo("GET");
    assertThat(recorded.getTarget()).isEqualTo("/api/v1/cvms?page=2");
    assertThat(recorded.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(recorded.getHeaders().get("X-API-Key")).isEqualTo("phak_test_key");
    assertThat(recorded.getHeaders().get("User-Agent"))
        .isEqualTo("phat4j/" + Phat4jVersion.current());
  }

  @Test
  void execute_postBody_serverReceivesExactBytesAndContentType() throws Exception {
    server.enqueue(status(201));
    HttpTransport http = track(fakeTime().build());
    byte[] body = "{\"name\":\"my-app\",\"vcpu\":2}".getBytes(StandardCharsets.UTF_8);

    HttpResponse response =
        http.execute(
            HttpRequest.builder("post", url("/cvms/provision"))
                .body(body, "application/json")
                .build());

    assertThat(response.status()).isEqualTo(201);
    RecordedRequest recorded = take();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getBody().toByteArray()).isEqualTo(body);
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
  }

  @Test
  void execute_userAgentSuffixAndDefaultHeaders_sentUnlessRequestOverrides() throws Exception {
    server.enqueue(status(200));
    server.enqueue(status(200));
    HttpTransport http =
        track(
            fakeTime()
                .userAgentSuffix("my-app/1.2")
                .defaultHeader("X-Phala-Version", "2026-01-21")
                .defaultHeader("Accept", "application/json")
                .build());

    http.execute(HttpRequest.get(url("/a")));
    http.execute(HttpRequest.builder("GET", url("/b")).header("Accept", "text/plain").build());

    RecordedRequest first = take();
    assertThat(first.getHeaders().get("User-Agent"))
        .isEqualTo("phat4j/" + Phat4jVersion.current() + " my-app/1.2");
    assertThat(first.getHeaders().get("X-Phala-Version")).isEqualTo("2026-01-21");
    assertThat(first.getHeaders().get("Accept")).isEqualTo("application/json");
    RecordedRequest second = take();
    assertThat(second.getHeaders().values("Accept")).containsExactly("text/plain");
    assertThat(second.getHeaders().get("X-Phala-Version")).isEqualTo("2026-01-21");
  }

  @Test
  void execute_nonAsciiResponseHeader_keptAsSent() {
    server.enqueue(
        new MockResponse.Builder().code(200).addHeaderLenient("X-Node-Name", "nœud-é").build());
    HttpTransport http = track(fakeTime().build());

    HttpResponse response = http.execute(HttpRequest.get(url("/node")));

    assertThat(response.header("x-node-name")).isEqualTo("nœud-é");
  }

  @Test
  void execute_notFound_returnsResponseWithoutRetry() {
    server.enqueue(status(404));
    HttpTransport http = track(fakeTime().build());

    HttpResponse response = http.execute(HttpRequest.get(url("/cvms/missing")));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.isSuccessful()).isFalse();
    assertThat(response.bodyAsString()).isEqualTo("status 404");
    assertThat(response.attempts()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.sleeps).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void execute_retryableStatusThenSuccess_retriesWithBoundedBackoff(int code) {
    server.enqueue(status(code));
    server.enqueue(status(200));
    RetryPolicy policy =
        RetryPolicy.builder()
            .baseDelay(Duration.ofMillis(100))
            .maxDelay(Duration.ofSeconds(1))
            .build();
    HttpTransport http = track(fakeTime().retryPolicy(policy).build());

    HttpResponse response = http.execute(HttpRequest.get(url("/status")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeper.sleeps).hasSize(1);
    assertThat(sleeper.sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
  }

  @Test
  void execute_retryAfterSeconds_sleepsExactlyThatLong() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().build());

    HttpResponse response = http.execute(HttpRequest.get(url("/limited")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void execute_retryAfterHttpDate_sleepsUntilThatDate() {
    // START is 2026-01-01T00:00:00Z; the server asks to come back 12 s later.
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .addHeader("Retry-After", "Thu, 01 Jan 2026 00:00:12 GMT")
            .build());
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().build());

    HttpResponse response = http.execute(HttpRequest.get(url("/busy")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void execute_retryAfterAboveCap_returnsResponseWithoutRetry() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());
    HttpTransport http =
        track(
            fakeTime()
                .retryPolicy(RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(30)).build())
                .build());

    HttpResponse response = http.execute(HttpRequest.get(url("/limited")));

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.header("Retry-After")).isEqualTo("3600");
    assertThat(response.attempts()).isEqualTo(1);
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void execute_postOn503_notRetried() {
    server.enqueue(status(503));
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().build());

    HttpResponse response =
        http.execute(
            HttpRequest.builder("POST", url("/cvms")).body("{}", "application/json").build());

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.attempts()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void execute_postOn503WithRetryAfterZero_notResentByOkHttpEither() {
    // OkHttp on its own repeats a request once after "503, Retry-After: 0" unless the body is
    // one-shot; the transport marks non-idempotent bodies one-shot to prevent that.
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").build());
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().build());

    HttpResponse response = http.execute(HttpRequest.builder("POST", url("/cvms")).build());

    assertThat(response.status()).isEqualTo(503);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void execute_postMarkedIdempotentOn503_retried() {
    server.enqueue(status(503));
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().build());

    HttpResponse response =
        http.execute(
            HttpRequest.builder("POST", url("/status/batch"))
                .body("{}", "application/json")
                .idempotent(true)
                .build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.attempts()).isEqualTo(2);
  }

  @Test
  void execute_retryableStatusEveryTime_returnsLastResponseWithAttempts() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(502));
    }
    HttpTransport http = track(fakeTime().build());

    HttpResponse response = http.execute(HttpRequest.get(url("/down")));

    assertThat(response.status()).isEqualTo(502);
    assertThat(response.attempts()).isEqualTo(3);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeper.sleeps).hasSize(2);
    assertThat(sleeper.sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(400));
  }

  @Test
  void execute_connectionDroppedThenSuccess_getRetried() {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().build());

    HttpResponse response = http.execute(HttpRequest.get(url("/flaky")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(sleeper.sleeps).hasSize(1);
  }

  @Test
  void execute_connectionDroppedEveryTime_getThrowsWithAttempts() {
    for (int i = 0; i < 6; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
              .build());
    }
    HttpTransport http = track(fakeTime().build());

    assertThatThrownBy(() -> http.execute(HttpRequest.get(url("/flaky"))))
        .isInstanceOf(PhalaTransportException.class)
        .hasMessageStartingWith("GET /flaky failed after 3 attempts")
        .satisfies(e -> assertThat(((PhalaTransportException) e).attempts()).isEqualTo(3));
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeper.sleeps).hasSize(2);
  }

  @Test
  void execute_connectionDroppedAfterPostSent_notRetriedAndThrows() {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().build());
    HttpRequest request =
        HttpRequest.builder("POST", url("/cvms?token=query-secret"))
            .body("{}", "application/json")
            .build();

    assertThatThrownBy(() -> http.execute(request))
        .isInstanceOf(PhalaTransportException.class)
        .hasMessageStartingWith("POST /cvms?token=██ failed after 1 attempt")
        .hasMessageNotContaining("query-secret")
        .satisfies(e -> assertThat(((PhalaTransportException) e).attempts()).isEqualTo(1));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void execute_connectionRefused_postRetriedUntilAttemptsExhausted() throws IOException {
    URI deadPort;
    try (MockWebServer closed = new MockWebServer()) {
      closed.start();
      deadPort = closed.url("/cvms").uri();
    }
    HttpTransport http = track(fakeTime().build());
    HttpRequest request =
        HttpRequest.builder("POST", deadPort).body("{}", "application/json").build();

    assertThatThrownBy(() -> http.execute(request))
        .isInstanceOf(PhalaTransportException.class)
        .hasMessageStartingWith("POST /cvms failed after 3 attempts")
        .satisfies(e -> assertThat(((PhalaTransportException) e).attempts()).isEqualTo(3));
    assertThat(sleeper.sleeps).hasSize(2);
  }

  @Test
  void execute_stalledBodyWithShortReadTimeout_throwsTransportException() {
    server.enqueue(
        new MockResponse.Builder().code(200).body("late").bodyDelay(10, TimeUnit.SECONDS).build());
    HttpTransport http =
        track(
            HttpTransport.builder()
                .readTimeout(Duration.ofMillis(200))
                .retryPolicy(RetryPolicy.none())
                .build());

    assertThatThrownBy(() -> http.execute(HttpRequest.get(url("/slow"))))
        .isInstanceOf(PhalaTransportException.class)
        .hasMessageStartingWith("GET /slow failed after 1 attempt")
        .hasCauseInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void execute_serverSlowerThanCallTimeout_throwsDeadlineExceeded() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("late")
            .headersDelay(10, TimeUnit.SECONDS)
            .build());
    HttpTransport http = track(HttpTransport.builder().callTimeout(Duration.ofMillis(300)).build());

    assertThatThrownBy(() -> http.execute(HttpRequest.get(url("/slow"))))
        .isInstanceOf(PhalaTransportException.class)
        .hasMessage("GET /slow: call deadline of 300 ms exceeded after 1 attempt");
  }

  @Test
  void execute_injectedClientTimeouts_standUnlessSetExplicitly() {
    OkHttpClient injected = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();
    try {
      server.enqueue(
          new MockResponse.Builder().code(200).body("late").bodyDelay(5, TimeUnit.SECONDS).build());
      server.enqueue(
          new MockResponse.Builder().code(200).body("late").bodyDelay(1, TimeUnit.SECONDS).build());
      HttpTransport keeps =
          track(fakeTime().okHttpClient(injected).retryPolicy(RetryPolicy.none()).build());
      HttpTransport overrides =
          track(keeps.toBuilder().readTimeout(Duration.ofSeconds(10)).build());

      assertThatThrownBy(() -> keeps.execute(HttpRequest.get(url("/slow"))))
          .isInstanceOf(PhalaTransportException.class)
          .hasCauseInstanceOf(SocketTimeoutException.class);
      assertThat(overrides.execute(HttpRequest.get(url("/slower"))).bodyAsString())
          .isEqualTo("late");
    } finally {
      injected.dispatcher().executorService().shutdown();
      injected.connectionPool().evictAll();
    }
  }

  @Test
  void execute_invalidUserAgentSuffix_rejected() {
    assertThatThrownBy(() -> HttpTransport.builder().userAgentSuffix("app\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("userAgentSuffix has an invalid character at index 3");
  }

  @Test
  void execute_backoffWouldPassDeadline_returnsLastResponse() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "8").build());
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "8").build());
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().callTimeout(Duration.ofSeconds(10)).build());

    HttpResponse response = http.execute(HttpRequest.get(url("/busy")));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(8));
  }

  @Test
  void execute_requestCallTimeout_overridesTransportDeadline() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "8").build());
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().callTimeout(Duration.ofSeconds(5)).build());

    HttpResponse response =
        http.execute(
            HttpRequest.builder("GET", url("/busy")).callTimeout(Duration.ofSeconds(20)).build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(8));
  }

  @Test
  void execute_effectivelyInfiniteCallTimeout_doesNotOverflow() {
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().build());

    HttpResponse response =
        http.execute(
            HttpRequest.builder("GET", url("/x"))
                .callTimeout(Duration.ofSeconds(Long.MAX_VALUE))
                .build());

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void execute_bodyLargerThanLimit_throwsWithoutRetry() {
    server.enqueue(new MockResponse.Builder().code(200).body("x".repeat(2048)).build());
    HttpTransport http = track(fakeTime().maxResponseBodySize(1024).build());

    assertThatThrownBy(() -> http.execute(HttpRequest.get(url("/big"))))
        .isInstanceOf(PhalaTransportException.class)
        .hasMessage("GET /big failed after 1 attempt: response body exceeds 1024 bytes");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void execute_crossOriginRedirect_dropsSecretHeaders() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      other.enqueue(status(200));
      server.enqueue(
          new MockResponse.Builder()
              .code(302)
              .addHeader("Location", other.url("/landing").toString())
              .build());
      HttpTransport http = track(fakeTime().redactHeader("X-Custom-Token").build());

      HttpResponse response =
          http.execute(
              HttpRequest.builder("GET", url("/start"))
                  .header("Accept", "application/json")
                  .header("X-API-Key", "phak_secret")
                  .header("Authorization", "Bearer tok")
                  .header("X-Custom-Token", "custom-secret")
                  .build());

      assertThat(response.status()).isEqualTo(200);
      assertThat(take().getHeaders().get("X-API-Key")).isEqualTo("phak_secret");
      RecordedRequest redirected = other.takeRequest(5, TimeUnit.SECONDS);
      assertThat(redirected).isNotNull();
      assertThat(redirected.getHeaders().get("Accept")).isEqualTo("application/json");
      assertThat(redirected.getHeaders().get("X-API-Key")).isNull();
      assertThat(redirected.getHeaders().get("Authorization")).isNull();
      assertThat(redirected.getHeaders().get("X-Custom-Token")).isNull();
    }
  }

  @Test
  void execute_sameOriginRedirect_keepsApiKey() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/next").build());
    server.enqueue(status(200));
    HttpTransport http = track(fakeTime().build());

    http.execute(HttpRequest.builder("GET", url("/start")).header("X-API-Key", "phak_k").build());

    take();
    assertThat(take().getHeaders().get("X-API-Key")).isEqualTo("phak_k");
  }

  @Test
  void execute_interruptedDuringBackoff_throwsAndKeepsInterruptFlag() {
    server.enqueue(status(503));
    HttpTransport http =
        track(
            HttpTransport.builder()
                .sleeper(
                    delay -> {
                      throw new InterruptedException("stop");
                    })
                .build());

    try {
      assertThatThrownBy(() -> http.execute(HttpRequest.get(url("/busy"))))
          .isInstanceOf(PhalaTransportException.class)
          .hasMessage("GET /busy: interrupted after 1 attempt")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void execute_manyThreadsShareOneTransport_allSucceed() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().code(200).body(request.getTarget()).build();
          }
        });
    HttpTransport http = track(fakeTime().build());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String path = "/item/" + i;
        results.add(pool.submit(() -> http.execute(HttpRequest.get(url(path))).bodyAsString()));
      }
      for (int i = 0; i < 40; i++) {
        assertThat(results.get(i).get(20, TimeUnit.SECONDS)).isEqualTo("/item/" + i);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.getRequestCount()).isEqualTo(40);
  }

  @Test
  void execute_afterClose_throwsIllegalState() {
    HttpTransport http = fakeTime().build();
    http.close();
    http.close();

    assertThat(http.isClosed()).isTrue();
    assertThatThrownBy(() -> http.execute(HttpRequest.get(url("/x"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transport is closed");
  }

  @Test
  void close_injectedClient_staysUsable() throws Exception {
    OkHttpClient injected = new OkHttpClient();
    try {
      server.enqueue(status(200));
      server.enqueue(status(200));
      HttpTransport http = fakeTime().okHttpClient(injected).build();
      http.execute(HttpRequest.get(url("/via-transport")));

      http.close();

      assertThat(injected.dispatcher().executorService().isShutdown()).isFalse();
      try (Response direct =
          injected.newCall(new Request.Builder().url(server.url("/direct")).build()).execute()) {
        assertThat(direct.code()).isEqualTo(200);
      }
    } finally {
      injected.dispatcher().executorService().shutdown();
      injected.connectionPool().evictAll();
    }
  }

  @Test
  void toBuilder_variant_keepsSettingsAndOverrides() throws Exception {
    server.enqueue(status(200));
    HttpTransport base = track(fakeTime().defaultHeader("X-Phala-Version", "2026-01-21").build());
    HttpTransport variant = track(base.toBuilder().userAgentSuffix("cli/0.3").build());

    base.close();
    variant.execute(HttpRequest.get(url("/v")));

    RecordedRequest recorded = take();
    assertThat(recorded.getHeaders().get("X-Phala-Version")).isEqualTo("2026-01-21");
    assertThat(recorded.getHeaders().get("User-Agent")).endsWith(" cli/0.3");
  }

  @Test
  void executeStreaming_sseLines_deliveredInOrder() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/event-stream")
            .chunkedBody(
                "event: state\r\n"
                    + "data: {\"status\":\"starting\"}\r\n\r\n"
                    + "event: state\n"
                    + "data: {\"status\":\"running\"}\n\n",
                7)
            .build());
    HttpTransport http = track(fakeTime().build());
    List<String> lines = new ArrayList<>();

    HttpResponse response =
        http.executeStreaming(
            HttpRequest.builder("GET", url("/cvms/42/state"))
                .header("Accept", "text/event-stream")
                .build(),
            line -> lines.add(line));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(lines)
        .containsExactly(
            "event: state",
            "data: {\"status\":\"starting\"}",
            "",
            "event: state",
            "data: {\"status\":\"running\"}",
            "");
    assertThat(take().getHeaders().get("Accept")).isEqualTo("text/event-stream");
  }

  @Test
  void executeStreaming_handlerReturnsFalse_stopsEarly() {
    server.enqueue(new MockResponse.Builder().code(200).body("one\ntwo\nthree\n").build());
    HttpTransport http = track(fakeTime().build());
    List<String> lines = new ArrayList<>();

    http.executeStreaming(
        HttpRequest.get(url("/stream")), line -> lines.add(line) && !line.equals("two"));

    assertThat(lines).containsExactly("one", "two");
  }

  @Test
  void executeStreaming_errorStatus_returnsBodyWithoutCallingHandler() {
    server.enqueue(
        new MockResponse.Builder().code(404).body("{\"detail\":\"CVM not found\"}").build());
    HttpTransport http = track(fakeTime().build());
    List<String> lines = new ArrayList<>();

    HttpResponse response =
        http.executeStreaming(HttpRequest.get(url("/cvms/9/state")), lines::add);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.bodyAsString()).isEqualTo("{\"detail\":\"CVM not found\"}");
    assertThat(lines).isEmpty();
  }

  @Test
  void executeStreaming_streamOutlivesDeadline_throwsDeadlineExceeded() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/event-stream")
            .body("data: late\n")
            .bodyDelay(10, TimeUnit.SECONDS)
            .build());
    HttpTransport http = track(HttpTransport.builder().build());
    List<String> lines = new ArrayList<>();

    assertThatThrownBy(
            () ->
                http.executeStreaming(
                    HttpRequest.builder("GET", url("/cvms/42/state"))
                        .callTimeout(Duration.ofMillis(300))
                        .build(),
                    lines::add))
        .isInstanceOf(PhalaTransportException.class)
        .hasMessage("GET /cvms/██/██: call deadline of 300 ms exceeded after 1 attempt");
    assertThat(lines).isEmpty();
  }

  @Test
  void executeStreaming_handlerThrows_exceptionPropagates() {
    server.enqueue(new MockResponse.Builder().code(200).body("bad\n").build());
    HttpTransport http = track(fakeTime().build());

    assertThatThrownBy(
            () ->
                http.executeStreaming(
                    HttpRequest.get(url("/stream")),
                    line -> {
                      throw new IllegalStateException("handler rejected " + line);
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("handler rejected bad");
  }
}

package io.phat4j.contracts.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A loopback Phala Cloud stand-in: MockWebServer under {@code /api/v1} plus fake time. */
final class CloudServer implements AutoCloseable {
  static final String API_KEY = "phak_test_secret_0123456789";

  final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime(Instant.parse("2026-01-21T12:00:00Z"));

  CloudServer() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The 0.2.9-era tests run under the version that SDK spoke; per-version tests change it. */
  ApiVersion version = ApiVersion.V2026_01_21;

  PhalaCloudClient.Builder clientBuilder() {
    return PhalaCloudClient.builder()
        .version(version)
        .baseUrl(server.url("/api/v1").toString())
        .apiKey(API_KEY)
        .environment(name -> null)
        .sleeper(time)
        .clock(time);
  }

  void enqueue(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build());
  }

  void enqueueResource(int code, String resource) {
    enqueue(code, resource(resource));
  }

  void enqueue(MockResponse response) {
    server.enqueue(response);
  }

  RecordedRequest take() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).as("request reached the server").isNotNull();
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Takes a request and checks the headers every API call must carry. */
  RecordedRequest takeApi(String method, String pathAndQuery) {
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo(method);
    assertThat(request.getTarget()).isEqualTo("/api/v1" + pathAndQuery);
    assertThat(request.getHeaders().get("X-API-Key")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().get("X-Phala-Version")).isEqualTo(expectedVersion(pathAndQuery).value());
    assertThat(request.getTarget()).doesNotContain(API_KEY);
    return request;
  }

  /** The version a call sends: the KMS calls pin theirs, as the official SDK does. */
  ApiVersion expectedVersion(String pathAndQuery) {
    String path = pathAndQuery.split("\\?", 2)[0];
    if (path.matches("/kms/[^/]+/pubkey/[^/]+")) {
      return ApiVersion.V2026_05_22;
    }
    if (path.matches("/kms(/[^/]+)?") && !path.equals("/kms/on-chain")) {
      return kmsContractCalls ? ApiVersion.V2026_06_23 : ApiVersion.V2026_05_22;
    }
    return version;
  }

  /** Whether {@code /kms} and {@code /kms/{x}} are expected as contract calls (2026-06-23). */
  boolean kmsContractCalls;

  /** Takes every request the server has recorded so far, in order. */
  List<RecordedRequest> takeAll() {
    List<RecordedRequest> all = new ArrayList<>();
    int n = requestCount();
    for (int i = 0; i < n; i++) {
      all.add(take());
    }
    return all;
  }

  /** Counts the requests with this method and API path (without the {@code /api/v1} prefix). */
  static long count(List<RecordedRequest> requests, String method, String path) {
    return requests.stream()
        .filter(r -> r.getMethod().equals(method) && r.getUrl().encodedPath().equals("/api/v1" + path))
        .count();
  }

  static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }

  static String resource(String name) {
    try (InputStream in = CloudServer.class.getResourceAsStream("/cloud/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int requestCount() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    server.close();
  }
}

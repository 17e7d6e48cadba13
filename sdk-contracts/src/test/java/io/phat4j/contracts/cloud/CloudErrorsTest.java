package io.phat4j.contracts.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.PhalaServiceException;
import io.phat4j.core.http.RetryPolicy;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class CloudErrorsTest {
  private static final CvmId CVM = CvmId.of("my-secret-app");

  private final CloudServer cloud = new CloudServer();
  private final PhalaCloudClient client =
      cloud.clientBuilder().retryPolicy(RetryPolicy.none()).build();

  @AfterEach
  void stop() {
    client.close();
    cloud.close();
  }

  private void enqueueError(int code, String body, String... headers) {
    MockResponse.Builder b =
        new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body);
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    cloud.enqueue(b.build());
  }

  @Test
  void stringDetail_404_notFoundWithMessageAndRequestId() {
    enqueueError(404, "{\"detail\":\"CVM not found\"}", "X-Request-ID", "req-123");
    assertThatThrownBy(() -> client.cvms().info(CVM))
        .isInstanceOfSatisfying(
            CloudNotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.requestId()).isEqualTo("req-123");
              assertThat(e.errorCode()).isNull();
              assertThat(e.code()).isEqualTo(CloudErrorCode.UNKNOWN);
              assertThat(e.error().rawBody()).contains("CVM not found");
            })
        .hasMessageContaining("GET /cvms/my-secret-app failed: CVM not found")
        .hasMessageContaining("request-id req-123");
  }

  @Test
  void validationList_422_validationExceptionWithIssues() {
    enqueueError(
        422,
        "{\"detail\":[{\"loc\":[\"body\",\"name\"],\"msg\":\"field required\",\"type\":\"missing\","
            + "\"input\":null},{\"loc\":[\"body\",\"compose_file\",0],\"msg\":\"bad\",\"type\":\"value_error\","
            + "\"ctx\":{\"x\":1}}]}");
    assertThatThrownBy(() -> client.cvms().info(CVM))
        .isInstanceOfSatisfying(
            CloudValidationException.class,
            e -> {
              assertThat(e.error().validationIssues())
                  .containsExactly(
                      new CloudError.ValidationIssue(List.of("body", "name"), "field required", "missing"),
                      new CloudError.ValidationIssue(
                          List.of("body", "compose_file", "0"), "bad", "value_error"));
            })
        .hasMessageContaining("validation failed: body.name: field required; body.compose_file.0: bad");
  }

  @Test
  void structuredDetail_409AppIdConflict_conflictWithDetailsSuggestionsLinks() {
    enqueueError(
        409,
        "{\"detail\":{\"error_code\":\"ERR-03-007\",\"message\":\"App id already in use\","
            + "\"details\":[{\"field\":\"app_id\",\"value\":\"ea549f02\",\"message\":\"taken\"},"
            + "{\"field\":\"count\",\"value\":2}],"
            + "\"suggestions\":[\"Use a new nonce\"],"
            + "\"links\":[{\"label\":\"Docs\",\"url\":\"https://docs.phala.network/x\"}],\"x_future\":1},"
            + "\"type\":\"conflict\"}",
        "X-Request-ID",
        "req-9");
    assertThatThrownBy(() -> client.cvms().info(CVM))
        .isInstanceOfSatisfying(
            CloudConflictException.class,
            e -> {
              assertThat(e.isAppIdConflict()).isTrue();
              assertThat(e.code()).isEqualTo(CloudErrorCode.CVM_APP_ID_CONFLICT);
              assertThat(e.errorCode()).isEqualTo("ERR-03-007");
              assertThat(e.fieldDetails())
                  .containsExactly(
                      new CloudError.FieldDetail("app_id", "ea549f02", "taken"),
                      new CloudError.FieldDetail("count", "2", null));
              assertThat(e.suggestions()).containsExactly("Use a new nonce");
              assertThat(e.links())
                  .containsExactly(new CloudError.Link("Docs", "https://docs.phala.network/x"));
              assertThat(e.error().type()).isEqualTo("conflict");
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining("App id already in use")
        .hasMessageContaining("code ERR-03-007");
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void authStatus_authException(int status) {
    enqueueError(status, "{\"detail\":\"Invalid API key\"}");
    assertThatThrownBy(() -> client.cvms().info(CVM))
        .isInstanceOf(CloudAuthException.class)
        .hasMessageContaining("Invalid API key")
        .hasMessageContaining("status " + status)
        .hasMessageNotContaining(CloudServer.API_KEY);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503})
  void serverStatus_serverExceptionRetryable(int status) {
    enqueueError(status, "{\"detail\":{\"error_code\":\"ERR-00-500\",\"message\":\"boom\"}}");
    assertThatThrownBy(() -> client.cvms().info(CVM))
        .isInstanceOfSatisfying(CloudServerException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("boom");
  }

  @Test
  void otherClientError_400_baseCloudException() {
    enqueueError(
        400, "{\"detail\":{\"error_code\":\"ERR-04-001\",\"message\":\"Insufficient balance\"}}");
    assertThatThrownBy(() -> client.cvms().info(CVM))
        .isExactlyInstanceOf(PhalaCloudException.class)
        .satisfies(e -> assertThat(((PhalaCloudException) e).code()).isEqualTo(CloudErrorCode.INSUFFICIENT_BALANCE))
        .isInstanceOf(PhalaServiceException.class)
        .hasMessageContaining("Insufficient balance")
        .hasMessageContaining("ERR-04-001");
  }

  @Test
  void nonJsonBody_502_serverExceptionWithStatusMessage() {
    cloud.enqueue(new MockResponse.Builder().code(502).body("<html>Bad gateway</html>").build());
    assertThatThrownBy(() -> client.cvms().info(CVM))
        .isInstanceOfSatisfying(
            CloudServerException.class,
            e -> assertThat(e.details()).isEqualTo("<html>Bad gateway</html>"))
        .hasMessageContaining("failed: HTTP 502");
  }

  @Test
  void emptyBody_404_notFoundWithStatusMessage() {
    cloud.enqueue(new MockResponse.Builder().code(404).build());
    assertThatThrownBy(() -> client.cvms().info(CVM))
        .isInstanceOf(CloudNotFoundException.class)
        .hasMessageContaining("failed: HTTP 404");
  }

  @Test
  void rateLimited_429RetriesExhausted_rateLimitWithRetryAfter() {
    try (PhalaCloudClient retrying =
        cloud.clientBuilder()
            .retryPolicy(RetryPolicy.builder().maxAttempts(2).build())
            .build()) {
      enqueueError(429, "{\"detail\":\"Too many requests\"}", "Retry-After", "3");
      enqueueError(429, "{\"detail\":\"Too many requests\"}", "Retry-After", "4");
      assertThatThrownBy(() -> retrying.cvms().info(CVM))
          .isInstanceOfSatisfying(
              CloudRateLimitException.class,
              e -> {
                assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(4));
                assertThat(e.retryable()).isTrue();
              })
          .hasMessageContaining("Too many requests");
      assertThat(cloud.time.sleeps).containsExactly(Duration.ofSeconds(3));
      assertThat(cloud.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void malformedSuccessBody_decodeExceptionNamingTheCall() {
    cloud.enqueue(200, "{\"name\": ");
    assertThatThrownBy(() -> client.cvms().info(CVM))
        .isInstanceOf(io.phat4j.core.DecodeException.class)
        .hasMessageContaining("GET /cvms/my-secret-app");
  }

  @Test
  void cloudException_serialized_keepsDecodedError() throws Exception {
    enqueueError(409, "{\"detail\":{\"error_code\":\"ERR-03-007\",\"message\":\"taken\","
        + "\"suggestions\":[\"retry\"]}}");
    CloudConflictException thrown = null;
    try {
      client.cvms().info(CVM);
    } catch (CloudConflictException e) {
      thrown = e;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(thrown);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      CloudConflictException copy = (CloudConflictException) in.readObject();
      assertThat(copy.isAppIdConflict()).isTrue();
      assertThat(copy.suggestions()).containsExactly("retry");
      assertThat(copy.getMessage()).isEqualTo(thrown.getMessage());
    }
  }
}

package io.phat4j.cli;

import static io.phat4j.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code app-attestations} against a loopback Phala Cloud API answering in the 2026-06-23 shape. */
@Timeout(60)
class AppAttestationsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String APP_ID = "40c47977fd468f08e82021256be9d86877a176a2";
  static final List<String> INSTANCE_FIELDS = List.of("vm_uuid", "instance_id", "name", "status", "image_version",
      "device_id", "ppid", "ppid_sha256", "fmspc", "tee_tcb_svn", "cpusvn", "pcesvn", "mr_config_id", "quote", "error");

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String answer() throws IOException {
    try (InputStream in = AppAttestationsCommandTest.class.getResourceAsStream("/cloud/app_attestations_2026-06-23.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void assertContract(JsonNode out) {
    assertThat(out.properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("app_id", "contract_address", "kms_info", "instances");
    assertThat(out.get("app_id").asText()).isEqualTo(APP_ID);
    assertThat(out.get("kms_info").get("chain_id").isNumber()).isTrue();
    assertThat(out.get("kms_info").get("chain_id").asLong()).isEqualTo(8453);
    JsonNode first = out.get("instances").get(0);
    assertThat(first.properties()).extracting(java.util.Map.Entry::getKey).containsExactlyElementsOf(INSTANCE_FIELDS);
    assertThat(first.get("fmspc").asText()).isEqualTo("00806F050000");
    assertThat(first.get("pcesvn").asInt()).isEqualTo(13);
    assertThat(first.get("mr_config_id").asText()).startsWith("0350fc88");
    JsonNode stopped = out.get("instances").get(1);
    assertThat(stopped.get("vm_uuid").isNull()).isTrue();
    assertThat(stopped.get("ppid").isNull()).as("absent on the server: null").isTrue();
    assertThat(stopped.get("pcesvn").isNull()).isTrue();
    assertThat(stopped.get("error").asText()).isEqualTo("instance is not running");
  }

  @Test
  void withoutKey_printsTheContractJson() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(answer()).build());
    CliRunner.Result r = run("app-attestations", "--api-url", server.url("/api/v1").toString(), "--app-id", "0x" + APP_ID);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertContract(JSON.readTree(r.out()));
    RecordedRequest q = server.takeRequest();
    assertThat(q.getTarget()).isEqualTo("/api/v1/apps/" + APP_ID + "/attestations");
    assertThat(q.getHeaders().get("X-API-Key")).isNull();
    assertThat(q.getHeaders().get("X-Phala-Version")).isEqualTo("2026-06-23");
  }

  @Test
  void withKeyAndVersion_sendsBoth() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body(answer()).build());
    CliRunner.Result r = run("app-attestations", "--api-url", server.url("/api/v1").toString(), "--app-id", APP_ID,
        "--api-key", "phak_k", "--api-version", "2026-01-21");
    assertThat(r.exitCode()).as(r.err()).isZero();
    RecordedRequest q = server.takeRequest();
    assertThat(q.getHeaders().get("X-API-Key")).isEqualTo("phak_k");
    assertThat(q.getHeaders().get("X-Phala-Version")).isEqualTo("2026-01-21");
  }

  @Test
  void apiError_exits1WithCodeAndRequestId() {
    server.enqueue(new MockResponse.Builder().code(404).addHeader("X-Request-ID", "req-404-a")
        .body("{\"detail\":{\"error_code\":\"ERR-03-001\",\"message\":\"No CVM of app found\"}}").build());
    CliRunner.Result r = run("app-attestations", "--api-url", server.url("/api/v1").toString(), "--app-id", APP_ID);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("ERR-03-001", "req-404-a").doesNotContain("\tat ");
  }

  @Test
  void badAppId_exits1_badVersion_exits2() {
    assertThat(run("app-attestations", "--api-url", server.url("/api/v1").toString(), "--app-id", "xyz").exitCode())
        .isEqualTo(1);
    assertThat(run("app-attestations", "--api-url", server.url("/api/v1").toString(), "--app-id", APP_ID,
        "--api-version", "2027-01-01").exitCode()).isEqualTo(2);
    assertThat(server.getRequestCount()).isZero();
  }
}

package io.phat4j.cli;

import static io.phat4j.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.core.crypto.EnvDecryptor;
import io.phat4j.core.crypto.X25519PrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy} against a loopback Phala Cloud API. The app key and KMS signature are the shared
 * dstack vectors, so the test can decrypt what the CLI committed and the KMS check is real.
 */
@Timeout(60)
class DeployCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APP_ID = "ea549f02e1a25fabd1cb788380e033ec5461b2ff";
  private static final String APP_PUBLIC_KEY = "a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209";
  private static final String APP_PRIVATE_KEY = "01".repeat(32);
  private static final String KMS_ROOT = "02531fe6068134503d2723133227c867ac8fa6c83c537e9a44c3c5bdbdcb1fe337";
  private static final String LEGACY_SIGNATURE =
      "b6499ab563762403e335b822a8486bc47751e12f16e1f9012c49acdcadd694203c1b6245d10e2fc80040b1e85811b4d71756a36592be327239a1ecdd4e89d0b700";
  private static final String COMPOSE_HASH = "0f6a7bd3f19fd94b3a0d0c9c42b8bd1bd7e1c07f2f7a1f0c2f3e7ea0b3d1a9c4";
  private static final String API_KEY = "phak_test_secret_key";

  private final MockWebServer server = new MockWebServer();
  private final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
  private volatile String finalStatus = "running";
  /** The commit answer's {@code id}: numeric (0.2.9 era), {@code 0} (2026-01-21) or hashed (2026-05-22+). */
  private volatile String commitId = "4242";
  private volatile MockResponse provisionAnswer;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        seen.add(request);
        String target = request.getTarget();
        if (target.equals("/api/v1/cvms/provision")) {
          if (provisionAnswer != null) {
            return provisionAnswer;
          }
          return json("{\"app_id\":\"" + APP_ID + "\",\"app_env_encrypt_pubkey\":\"" + APP_PUBLIC_KEY
              + "\",\"compose_hash\":\"" + COMPOSE_HASH + "\",\"kms_id\":\"kms_1\","
              + "\"kms_info\":{\"id\":\"kms_1\",\"slug\":\"phala\"},\"teepod_id\":7,\"node_id\":7}");
        }
        if (target.equals("/api/v1/kms/phala/pubkey/" + APP_ID)) {
          return json("{\"public_key\":\"" + APP_PUBLIC_KEY + "\",\"signature\":\"" + LEGACY_SIGNATURE + "\"}");
        }
        if (target.equals("/api/v1/cvms") && request.getMethod().equals("POST")) {
          return json("{\"id\":" + commitId + ",\"name\":\"my-app\",\"status\":\"creating\",\"app_id\":\"" + APP_ID
              + "\",\"vm_uuid\":\"8f1d2c1e-3c4b-4d5a-9e6f-0a1b2c3d4e5f\",\"teepod_id\":7}");
        }
        if (target.startsWith("/api/v1/cvms/8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f/state")
            || target.startsWith("/api/v1/cvms/cvm_ykL5lbAn/state")) {
          String events = "event: state\ndata: {\"status\":\"starting\",\"boot_progress\":\"pulling images\"}\n\n";
          events += finalStatus.equals("running")
              ? "event: state\ndata: {\"status\":\"running\",\"uptime\":\"3s\"}\n\n"
              : "event: state\ndata: {\"status\":\"" + finalStatus + "\",\"boot_error\":\"image pull failed\"}\n\n";
          return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(events).build();
        }
        return new MockResponse.Builder().code(404).body("{\"detail\":\"not found: " + target + "\"}").build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }

  private String[] args(Path dir, String... extra) throws IOException {
    Path compose = dir.resolve("docker-compose.yml");
    Files.writeString(compose, "services:\n  app:\n    image: nginx:1.27\n");
    Path env = dir.resolve(".env");
    Files.writeString(env, "API_TOKEN=tok-secret-1\n");
    List<String> a = new java.util.ArrayList<>(List.of("deploy", "--api-url", server.url("/api/v1").toString(),
        "--api-key", API_KEY, "--name", "my-app", "--compose", compose.toString(), "--env-file", env.toString(),
        "DB_PASSWORD=pw-secret-2", "--timeout", "30"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void deploy_withKmsRoot_verifiesEncryptsCommitsAndPrintsRunningCvm(@TempDir Path dir) throws IOException {
    CliRunner.Result r = run(args(dir, "--kms-root", KMS_ROOT));

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("cvm_id").asText()).isEqualTo("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f");
    assertThat(out.get("app_id").asText()).isEqualTo(APP_ID);
    assertThat(out.get("compose_hash").asText()).isEqualTo(COMPOSE_HASH);
    assertThat(out.get("status").asText()).isEqualTo("running");
    assertThat(r.err()).contains("[provisioned]", "[key_verified]", "[committed]", "[running]");
    assertThat(r.out() + r.err()).doesNotContain("tok-secret-1", "pw-secret-2", API_KEY);

    RecordedRequest commit = seen.stream()
        .filter(q -> q.getMethod().equals("POST") && q.getTarget().equals("/api/v1/cvms")).findFirst().orElseThrow();
    assertThat(seen.stream().filter(q -> q == commit).count()).isOne();
    JsonNode body = JSON.readTree(commit.getBody().utf8());
    assertThat(body.get("env_keys")).hasToString("[\"API_TOKEN\",\"DB_PASSWORD\"]");
    byte[] plaintext = EnvDecryptor.create(X25519PrivateKey.fromHex(APP_PRIVATE_KEY))
        .decryptJson(io.phat4j.core.Hex.decode("encrypted_env", body.get("encrypted_env").asText()));
    assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(
        "{\"env\":[{\"key\":\"API_TOKEN\",\"value\":\"tok-secret-1\"},{\"key\":\"DB_PASSWORD\",\"value\":\"pw-secret-2\"}]}");
    assertThat(seen).allSatisfy(q -> assertThat(q.getHeaders().get("X-API-Key")).isEqualTo(API_KEY));
  }

  @Test
  void deploy_untrustedKmsSignature_exits1BeforeCommitting(@TempDir Path dir) throws IOException {
    // A valid key that is not the KMS root that signed: the flow must stop before the commit.
    CliRunner.Result r = run(args(dir, "--kms-root",
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(seen).noneMatch(q -> q.getMethod().equals("POST") && q.getTarget().equals("/api/v1/cvms"));
  }

  @Test
  void deploy_bootError_exits1WithJsonNamingTheCvm(@TempDir Path dir) throws IOException {
    finalStatus = "error";
    CliRunner.Result r = run(args(dir));
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("cvm_id").asText()).isEqualTo("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f");
    assertThat(out.get("status").asText()).isEqualTo("error");
    assertThat(r.err()).contains("image pull failed");
  }

  @Test
  void deploy_missingComposeFile_exits2(@TempDir Path dir) {
    CliRunner.Result r = run("deploy", "--api-url", server.url("/api/v1").toString(), "--api-key", API_KEY,
        "--name", "my-app", "--compose", dir.resolve("missing.yml").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(seen).isEmpty();
  }

  @Test
  void deploy_missingRequiredOption_stillPrintsItsFailureObject() throws IOException {
    CliRunner.Result r = run("deploy", "--api-url", server.url("/api/v1").toString(), "--api-key", API_KEY,
        "--name", "my-app");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines().toList()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").contains("--compose");
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("status").asText()).isEqualTo("failed");
    assertThat(out.get("cvm_id").isNull()).isTrue();
    assertThat(out.get("error").asText()).contains("--compose").doesNotContain(API_KEY);
    assertThat(seen).isEmpty();
  }

  @Test
  void deploy_badAppName_exits1WithoutCallingTheApi(@TempDir Path dir) throws IOException {
    String[] a = args(dir);
    a[6] = "bad name!";
    CliRunner.Result r = run(a);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(seen).isEmpty();
  }

  private static void assertOneLineErrorWithoutSecrets(CliRunner.Result r) {
    assertThat(r.err()).doesNotContain("\tat ", "Exception in thread", API_KEY, "tok-secret-1", "pw-secret-2");
    assertThat(r.out()).doesNotContain(API_KEY, "tok-secret-1", "pw-secret-2");
  }

  @Test
  void deploy_2026_06_23_printsTheHashedId_andSendsTheVersion(@TempDir Path dir) throws IOException {
    commitId = "\"cvm_ykL5lbAn\"";
    CliRunner.Result r = run(args(dir, "--api-version", "2026-06-23"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("cvm_id").asText()).isEqualTo("cvm_ykL5lbAn");
    assertThat(out.get("status").asText()).isEqualTo("running");
    assertThat(seen).filteredOn(q -> q.getTarget().startsWith("/api/v1/cvms"))
        .allSatisfy(q -> assertThat(q.getHeaders().get("X-Phala-Version")).isEqualTo("2026-06-23"));
  }

  @Test
  void deploy_2026_01_21_placeholderIdZero_printsTheVmUuid(@TempDir Path dir) throws IOException {
    commitId = "0";
    CliRunner.Result r = run(args(dir, "--api-version", "2026-01-21"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("cvm_id").asText()).isEqualTo("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f");
    assertThat(seen).noneMatch(q -> q.getTarget().startsWith("/api/v1/cvms/0"));
    assertThat(seen).allSatisfy(q -> assertThat(q.getHeaders().get("X-Phala-Version")).isEqualTo("2026-01-21"));
  }

  @Test
  void deploy_apiError_exits1_namesCodeAndRequestId_printsJson(@TempDir Path dir) throws IOException {
    provisionAnswer = new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
        .body("{\"error_code\":\"ERR-01-003\",\"message\":\"instance type tdx.small is sold out\","
            + "\"request_id\":\"req-7f3a\"}").build();
    CliRunner.Result r = run(args(dir));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith("error:"))).singleElement()
        .asString().contains("ERR-01-003", "req-7f3a", "sold out");
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("status").asText()).isEqualTo("failed");
    assertThat(out.get("error_code").asText()).isEqualTo("ERR-01-003");
    assertThat(out.get("request_id").asText()).isEqualTo("req-7f3a");
    assertOneLineErrorWithoutSecrets(r);
  }

  @Test
  void deploy_provisionWithoutAppId_printsJson(@TempDir Path dir) throws IOException {
    provisionAnswer = json("{\"app_id\":null,\"compose_hash\":\"" + COMPOSE_HASH + "\"}");
    CliRunner.Result r = run(args(dir));

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("status").asText()).isEqualTo("failed");
    assertThat(out.get("error").asText()).contains("app_id");
    assertOneLineErrorWithoutSecrets(r);
  }

  @Test
  void deploy_transportFailure_printsJson(@TempDir Path dir) throws IOException {
    String url = server.url("/api/v1").toString();
    server.close();
    String[] a = args(dir);
    a[2] = url;
    CliRunner.Result r = run(a);

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("status").asText()).isEqualTo("failed");
    assertThat(out.get("cvm_id").isNull()).isTrue();
    assertOneLineErrorWithoutSecrets(r);
  }

  @Test
  void deploy_plainHttpToAnotherHost_refusedBeforeSendingTheKey(@TempDir Path dir) throws IOException {
    String[] a = args(dir);
    a[2] = "http://cloud-api.invalid/api/v1";
    CliRunner.Result r = run(a);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("plain http://", "cloud-api.invalid");
    assertThat(JSON.readTree(r.out()).get("status").asText()).isEqualTo("failed");
    assertOneLineErrorWithoutSecrets(r);
  }

  @Test
  void deploy_apiKeyFile_isUsed_andBothSourcesOrNoneAreUsageErrors(@TempDir Path dir) throws IOException {
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, API_KEY + "\n");
    List<String> a = new java.util.ArrayList<>(List.of(args(dir)));
    int i = a.indexOf("--api-key");
    a.set(i, "--api-key-file");
    a.set(i + 1, keyFile.toString());
    CliRunner.Result r = run(a.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(seen).allSatisfy(q -> assertThat(q.getHeaders().get("X-API-Key")).isEqualTo(API_KEY));

    a.addAll(List.of("--api-key", API_KEY));
    assertThat(run(a.toArray(String[]::new)).exitCode()).isEqualTo(2);

    Path huge = dir.resolve("huge");
    Files.write(huge, new byte[10_000]);
    a.remove(a.size() - 1);
    a.remove(a.size() - 1);
    a.set(i + 1, huge.toString());
    CliRunner.Result tooBig = run(a.toArray(String[]::new));
    assertThat(tooBig.exitCode()).isEqualTo(2);
    assertThat(tooBig.err()).contains("larger than 4096 bytes");
  }

  @Test
  void deploy_unknownApiVersion_exits2(@TempDir Path dir) throws IOException {
    CliRunner.Result r = run(args(dir, "--api-version", "2024-01-01"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("2026-06-23");
    assertThat(seen).isEmpty();
  }

  @Test
  void deploy_help_listsApiVersionAndSaysWhyKeyFilesAreSafer() {
    CliRunner.Result r = run("deploy", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--api-version", "--api-key-file", "PHALA_CLOUD_API_KEY", "process list");
  }
}

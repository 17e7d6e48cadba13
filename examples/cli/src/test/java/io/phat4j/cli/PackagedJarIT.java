package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the packaged {@code phat4j.jar} as users do: {@code java -jar}, in a separate process. */
@Timeout(120)
class PackagedJarIT {
  private static final Path JAR = Path.of("target", "phat4j.jar");

  private record Run(int exitCode, String out, String err) {}

  private static Run java(String stdin, String... args) throws IOException, InterruptedException {
    return java(java.util.Map.of(), stdin, args);
  }

  private static Run java(java.util.Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    assertThat(JAR).as("the shaded jar is built in the package phase").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path outFile = Files.createTempFile("phat4j-out", ".txt");
    Path errFile = Files.createTempFile("phat4j-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
    pb.environment().remove("PHALA_CLOUD_API_KEY");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(100, TimeUnit.SECONDS)).isTrue();
    Run run = new Run(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
    Files.delete(outFile);
    Files.delete(errFile);
    return run;
  }

  @Test
  void version_exits0() throws Exception {
    Run r = java("", "--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("phat4j ");
  }

  @Test
  void replayRtmr_bundledSample_printsFourRtmrs() throws Exception {
    Run r = java("", "replay-rtmr", Path.of("samples", "dstack-getquote-response.json").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .hasSize(4)
        .first()
        .isEqualTo("rtmr0 2e3843265f8ecdd4e2282694747f6f2f111605c33f2a8882f5734ee6f3a6ce63d8f34aeef06093dcda76fa5f9d33d8d6");
  }

  @Test
  void decryptEnv_readsProcessStdin() throws Exception {
    String pk = "a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209";
    Run enc = java("", "encrypt-env", "--public-key", pk, "FOO=bar");
    assertThat(enc.exitCode()).as(enc.err()).isZero();
    Run dec = java(enc.out(), "decrypt-env", "--private-key", "01".repeat(32));
    assertThat(dec.exitCode()).as(dec.err()).isZero();
    assertThat(dec.out().strip()).isEqualTo("{\"env\":[{\"key\":\"FOO\",\"value\":\"bar\"}]}");
  }

  @Test
  void decryptEnv_keyFromFileOrEnvironment_notOnlyArgument(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String pk = "a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209";
    Run enc = java("", "encrypt-env", "--public-key", pk, "FOO=bar");
    Path blob = Files.writeString(dir.resolve("blob.hex"), enc.out());
    Path keyFile = Files.writeString(dir.resolve("key.hex"), "  " + "01".repeat(32) + "\n");
    String expected = "{\"env\":[{\"key\":\"FOO\",\"value\":\"bar\"}]}";

    JarRunner.Run fromFile = JarRunner.run(java.util.Map.of(), blob.toFile(), "decrypt-env", "--private-key-file", keyFile.toString());
    JarRunner.Run fromEnv = JarRunner.run(java.util.Map.of("PHAT4J_PRIVATE_KEY", "01".repeat(32)), blob.toFile(), "decrypt-env");
    JarRunner.Run wrongEnvKey = JarRunner.run(java.util.Map.of("PHAT4J_PRIVATE_KEY", "02".repeat(32)), blob.toFile(), "decrypt-env");
    JarRunner.Run none = JarRunner.run(java.util.Map.of("PHAT4J_PRIVATE_KEY", ""), blob.toFile(), "decrypt-env");

    assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
    assertThat(fromFile.out().strip()).isEqualTo(expected);
    assertThat(fromEnv.exitCode()).as(fromEnv.err()).isZero();
    assertThat(fromEnv.out().strip()).isEqualTo(expected);
    assertThat(wrongEnvKey.exitCode()).isEqualTo(1);
    assertThat(wrongEnvKey.err()).doesNotContain("02".repeat(32));
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("--private-key-file", "PHAT4J_PRIVATE_KEY");
  }

  @Test
  void decryptEnv_help_saysWhyFileAndEnvironmentAreSafer() throws Exception {
    Run r = java("", "decrypt-env", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--private-key-file", "PHAT4J_PRIVATE_KEY", "ps", "history");
  }

  @Test
  void usageError_exits2OnStderrOnly() throws Exception {
    Run r = java("", "encrypt-env");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("--public-key");
  }

  private static mockwebserver3.MockResponse json(String body) {
    return new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void deploy_keyFromEnvironment_printsHashedCvmId(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String appId = "ea549f02e1a25fabd1cb788380e033ec5461b2ff";
    String hash = "0f6a7bd3f19fd94b3a0d0c9c42b8bd1bd7e1c07f2f7a1f0c2f3e7ea0b3d1a9c4";
    String pub = "a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209";
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.enqueue(json("{\"app_id\":\"" + appId + "\",\"app_env_encrypt_pubkey\":\"" + pub + "\",\"compose_hash\":\""
          + hash + "\",\"kms_info\":{\"slug\":\"phala\"}}"));
      server.enqueue(json("{\"id\":\"cvm_ykL5lbAn\",\"status\":\"creating\",\"app_id\":\"" + appId
          + "\",\"vm_uuid\":\"8f1d2c1e-3c4b-4d5a-9e6f-0a1b2c3d4e5f\"}"));
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
          .body("event: state\ndata: {\"status\":\"running\"}\n\n").build());
      server.start();
      Path compose = dir.resolve("docker-compose.yml");
      Files.writeString(compose, "services:\n  app:\n    image: nginx:1.27\n");

      Run r = java(java.util.Map.of("PHALA_CLOUD_API_KEY", "phak_from_env_secret"), "", "deploy",
          "--api-url", server.url("/api/v1").toString(), "--name", "my-app", "--compose", compose.toString(),
          "TOKEN=v-secret");

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out().strip()).isEqualTo("{\"cvm_id\":\"cvm_ykL5lbAn\",\"app_id\":\"" + appId
          + "\",\"compose_hash\":\"" + hash + "\",\"status\":\"running\"}");
      assertThat(r.out() + r.err()).doesNotContain("phak_from_env_secret", "v-secret");
      assertThat(server.takeRequest().getHeaders().get("X-API-Key")).isEqualTo("phak_from_env_secret");
    }
  }

  @Test
  void deploy_apiError_oneLineWithCodeAndRequestId_jsonOnStdout(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(403).addHeader("X-Request-ID", "req-jar-1")
          .body("{\"detail\":{\"error_code\":\"ERR-05-002\",\"message\":\"workspace quota exceeded\"}}").build());
      server.start();
      Path compose = dir.resolve("docker-compose.yml");
      Files.writeString(compose, "services:\n  app:\n    image: nginx:1.27\n");
      Path key = dir.resolve("key");
      Files.writeString(key, "phak_file_secret\n");

      Run r = java("", "deploy", "--api-url", server.url("/api/v1").toString(), "--api-key-file", key.toString(),
          "--name", "my-app", "--compose", compose.toString());

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err().lines().filter(l -> !l.startsWith("["))).singleElement().asString()
          .startsWith("error: ").contains("ERR-05-002", "req-jar-1");
      assertThat(r.err()).doesNotContain("\tat ", "Exception");
      assertThat(r.out()).contains("\"error_code\":\"ERR-05-002\"", "\"request_id\":\"req-jar-1\"");
      assertThat(r.out() + r.err()).doesNotContain("phak_file_secret");
    }
  }

  @Test
  void appAttestations_withoutKey_printsTheContractJson() throws Exception {
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.enqueue(json(AppAttestationsCommandTest.answer()));
      server.start();
      Run r = java("", "app-attestations", "--api-url", server.url("/api/v1").toString(),
          "--app-id", AppAttestationsCommandTest.APP_ID);
      assertThat(r.exitCode()).as(r.err()).isZero();
      AppAttestationsCommandTest.assertContract(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()));
      assertThat(server.takeRequest().getHeaders().get("X-API-Key")).isNull();
    }
  }
}

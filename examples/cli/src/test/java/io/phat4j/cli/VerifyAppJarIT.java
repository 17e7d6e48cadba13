package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code verify-app} and {@code serve-verifier} from the packaged jar, each in its own process. */
@Timeout(120)
class VerifyAppJarIT {
  private static final Path JAR = Path.of("target", "phat4j.jar");
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int exitCode, String out, String err) {}

  private static List<String> command(String... args) {
    assertThat(JAR).as("the shaded jar is built in the package phase").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return command;
  }

  private static Run java(String... args) throws IOException, InterruptedException {
    Path outFile = Files.createTempFile("phat4j-out", ".txt");
    Path errFile = Files.createTempFile("phat4j-err", ".txt");
    Process p = new ProcessBuilder(command(args)).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
    assertThat(p.waitFor(100, TimeUnit.SECONDS)).isTrue();
    Run run = new Run(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
    Files.delete(outFile);
    Files.delete(errFile);
    return run;
  }

  @Test
  void verifyApp_json_withoutCollateral_exits1_withEveryLink() throws Exception {
    Run r = java("verify-app", "--input", CliRunner.resourcePath("verify-app/tdx-lite-getquote.json"), "--json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonNode out = JSON.readTree(r.out());
    JsonNode expected = JSON.readTree(CliRunner.resource("verify-app/tdx-lite-getquote.expected.json"));
    assertThat(out.get("details").get("app_info")).isEqualTo(expected.get("details").get("app_info"));
    assertThat(out.get("reason").asText()).startsWith("Quote verification failed: no collateral");
  }

  @Test
  void verifyApp_certificate_hasRaTls() throws Exception {
    Run r = java("verify-app", "--input", CliRunner.resourcePath("verify-app/tdx-lite-v0-get-tls-key.pem"), "--json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(JSON.readTree(r.out()).get("ra_tls").get("attestation_wire_format").asText()).isEqualTo("v0-scale");
  }

  @Test
  void verifyApp_unusableInput_exits2_oneLine() throws Exception {
    Path junk = Files.writeString(Files.createTempFile("junk", ".json"), "[1,2");
    Run r = java("verify-app", "--input", junk.toString());
    Files.delete(junk);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines().toList()).hasSize(1);
    assertThat(r.err()).startsWith("error: unusable evidence");
  }

  @Test
  void serveVerifier_answersOverLoopback() throws Exception {
    Process p = new ProcessBuilder(command("serve-verifier", "--port", "0")).redirectErrorStream(false).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).startsWith("serve-verifier listening on http://127.0.0.1:");
      URI verify = URI.create(line.substring(line.indexOf("http://")));
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(verify)
              .POST(HttpRequest.BodyPublishers.ofByteArray(CliRunner.resource("verify-app/tdx-lite-getquote.json")))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("details").get("event_log_verified").asBoolean()).isTrue();
    } finally {
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }
}

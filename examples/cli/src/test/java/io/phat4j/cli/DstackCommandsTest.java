package io.phat4j.cli;

import static io.phat4j.cli.CliRunner.resource;
import static io.phat4j.cli.CliRunner.resourcePath;
import static io.phat4j.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DstackCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode read(String name) throws IOException {
    return JSON.readTree(resource(name));
  }

  @Test
  void composeHash_exactBytes_matchesRealComposeHashEvent() throws IOException {
    CliRunner.Result r = run("compose-hash", resourcePath("kms-prod9-app-compose.json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outTrimmed()).isEqualTo(read("kms-prod9-expected.json").get("compose_hash_event").asText());
  }

  @Test
  void composeHash_canonicalAndNormalized_matchJsSdk(@TempDir Path dir) throws IOException {
    JsonNode v = read("compose-hash.json");
    Path file = dir.resolve("app-compose.json");
    // Pretty-printed on purpose: the canonical hash must not depend on the file's formatting.
    Files.writeString(file, v.get("app_compose").toPrettyString());
    assertThat(run("compose-hash", "--canonical", file.toString()).outTrimmed())
        .isEqualTo(v.get("sorted_compact_sha256").asText());
    assertThat(run("compose-hash", "--canonical", "--normalize", file.toString()).outTrimmed())
        .isEqualTo(v.get("sorted_compact_normalized_sha256").asText());
  }

  @Test
  void composeHash_cloudDumpBytes_hashAsIs(@TempDir Path dir) throws IOException {
    JsonNode v = read("compose-hash.json");
    Path file = dir.resolve("app-compose.json");
    Files.write(file, v.get("cloud_dump_app_compose_string").asText().getBytes(StandardCharsets.UTF_8));
    assertThat(run("compose-hash", file.toString()).outTrimmed())
        .isEqualTo(v.get("cloud_dump_app_compose_sha256").asText());
  }

  @Test
  void composeHash_normalizeWithoutCanonical_exits2() {
    assertThat(run("compose-hash", "--normalize", resourcePath("kms-prod9-app-compose.json")).exitCode())
        .isEqualTo(2);
  }

  @Test
  void composeHash_missingFile_exits2() {
    CliRunner.Result r = run("compose-hash", "/nonexistent/app-compose.json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("/nonexistent/app-compose.json");
  }

  @Test
  void composeHash_canonicalOfMalformedJson_exits1(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"name\": ");
    CliRunner.Result r = run("compose-hash", "--canonical", file.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void replayRtmr_getQuoteResponse_reproducesTheQuoteRtmrs() throws IOException {
    JsonNode response = read("dstack-guest-getquote-response.json");
    byte[] quote = HexFormat.of().parseHex(response.get("quote").asText());
    CliRunner.Result r = run("replay-rtmr", resourcePath("dstack-guest-getquote-response.json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    int[] offsets = {376, 424, 472, 520}; // RTMR0..3 in a TDX v4 quote
    for (int i = 0; i < 4; i++) {
      String expected = HexFormat.of().formatHex(quote, offsets[i], offsets[i] + 48);
      assertThat(lines.get(i)).isEqualTo("rtmr" + i + " " + expected);
    }
  }

  @Test
  void replayRtmr_bareArray_matchesClaimedRtmrs() throws IOException {
    JsonNode expected = read("kms-prod9-expected.json");
    CliRunner.Result r = run("replay-rtmr", resourcePath("kms-prod9-event-log.json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "rtmr0 " + expected.get("rtmr0").asText(),
            "rtmr1 " + expected.get("rtmr1").asText(),
            "rtmr2 " + expected.get("rtmr2").asText(),
            "rtmr3 " + expected.get("rtmr3").asText());
  }

  @Test
  void replayRtmr_tamperedPayload_exits1NamingTheEvent(@TempDir Path dir) throws IOException {
    String log = new String(resource("kms-prod9-event-log.json"), StandardCharsets.UTF_8);
    // Change the compose-hash payload's first byte but keep its stated digest.
    String tampered = log.replace("\"8929aceee2b117a1cb020c4ef3d8db2e9fdb320433f0e47713fc2f8a08ebb2ee\"",
        "\"0929aceee2b117a1cb020c4ef3d8db2e9fdb320433f0e47713fc2f8a08ebb2ee\"");
    assertThat(tampered).isNotEqualTo(log);
    Path file = dir.resolve("log.json");
    Files.writeString(file, tampered);
    CliRunner.Result r = run("replay-rtmr", file.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("compose-hash");
  }

  @Test
  void replayRtmr_malformedJson_exits1(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("log.json");
    Files.writeString(file, "[{\"imr\": 3,");
    CliRunner.Result r = run("replay-rtmr", file.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("event_log");
  }

  @Test
  void replayRtmr_missingFile_exits2() {
    assertThat(run("replay-rtmr", "/nonexistent.json").exitCode()).isEqualTo(2);
  }
}

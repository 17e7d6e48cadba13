package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify-app}: the contract's options, JSON shape and exit codes, on dstack-verifier's fixtures. */
class VerifyAppCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LITE = "verify-app/tdx-lite-getquote.json";
  private static final String CERT = "verify-app/tdx-lite-v0-get-tls-key.pem";

  @TempDir Path tmp;

  private static JsonNode json(String s) throws IOException {
    return JSON.readTree(s);
  }

  @Test
  void liteFixture_withoutCollateral_printsEveryLinkAndExits1() throws IOException {
    CliRunner.Result r = CliRunner.run("verify-app", "--input", CliRunner.resourcePath(LITE), "--json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonNode out = json(r.out());
    JsonNode expected = json(new String(CliRunner.resource("verify-app/tdx-lite-getquote.expected.json")));
    assertThat(out.get("is_valid").asBoolean()).isFalse();
    assertThat(out.get("reason").asText()).startsWith("Quote verification failed: no collateral");
    assertThat(out.get("details").get("quote_verified").asBoolean()).isFalse();
    assertThat(out.get("details").get("event_log_verified")).isEqualTo(expected.get("details").get("event_log_verified"));
    assertThat(out.get("details").get("app_info")).isEqualTo(expected.get("details").get("app_info"));
    assertThat(out.get("details").get("key_provider")).isEqualTo(expected.get("details").get("key_provider"));
    assertThat(out.has("ra_tls")).isFalse();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void certificate_addsTheRaTlsObject() throws IOException {
    CliRunner.Result r = CliRunner.run("verify-app", "--input", CliRunner.resourcePath(CERT), "--json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonNode out = json(r.out());
    JsonNode expected = json(new String(CliRunner.resource("verify-app/tdx-lite-v0-get-tls-key.expected.json")));
    JsonNode raTls = out.get("ra_tls");
    assertThat(raTls.get("report_data_bound")).isEqualTo(expected.get("ra_tls").get("report_data_bound"));
    assertThat(raTls.get("attestation_wire_format")).isEqualTo(expected.get("ra_tls").get("attestation_wire_format"));
    assertThat(raTls.get("public_key_der")).isEqualTo(expected.get("ra_tls").get("public_key_der"));
    assertThat(out.get("details").get("boot_info").get("appId")).isEqualTo(expected.get("details").get("boot_info").get("appId"));
  }

  @Test
  void textReport_listsTheLinks() {
    CliRunner.Result r = CliRunner.run("verify-app", "--input", CliRunner.resourcePath(LITE));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).startsWith("NOT VALID")
        .contains("[FAIL] quote: no collateral")
        .contains("[ok]   event-log")
        .contains("[ok]   app-identity")
        .contains("compose hash:    86b0e55f2fa8e4fb69d890f14f54d5612707646e2573d54e0d2ddaaade77caa9");
  }

  @Test
  void expectComposeHash_otherHash_failsTheIdentityLink() throws IOException {
    CliRunner.Result r = CliRunner.run("verify-app", "--input", CliRunner.resourcePath(LITE), "--json",
        "--expect-compose-hash", "0x" + "00".repeat(32), "--expect-compose-hash", "11".repeat(32));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(json(r.out()).get("reason").asText()).contains("App identity verification failed: compose hash")
        .contains("not one of the 2 allowed");
  }

  @Test
  void unreachablePccs_failsTheQuoteLinkWithThatReason_othersStillRun() throws IOException {
    CliRunner.Result r = CliRunner.run("verify-app", "--input", CliRunner.resourcePath(LITE), "--json",
        "--pccs-url", "http://127.0.0.1:1");
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode out = json(r.out());
    assertThat(out.get("reason").asText()).startsWith("Quote verification failed: collateral unavailable");
    assertThat(out.get("details").get("app_info").get("compose_hash").asText())
        .isEqualTo("86b0e55f2fa8e4fb69d890f14f54d5612707646e2573d54e0d2ddaaade77caa9");
  }

  @Test
  void unusableInput_exits2WithOneLine() throws IOException {
    Path junk = Files.writeString(tmp.resolve("junk.json"), "{\"hello\": 1}");
    CliRunner.Result r = CliRunner.run("verify-app", "--input", junk.toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).startsWith("error: unusable evidence").doesNotContain("\n").doesNotContain("Exception");

    Path badQuote = tmp.resolve("bad-quote.json");
    ObjectNode req = (ObjectNode) json(new String(CliRunner.resource(LITE)));
    req.put("quote", req.get("quote").asText().substring(0, 200));
    Files.writeString(badQuote, req.toString());
    r = CliRunner.run("verify-app", "--input", badQuote.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("error: unusable evidence").doesNotContain("\n");

    r = CliRunner.run("verify-app", "--input", tmp.resolve("missing.json").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: cannot read --input " + tmp.resolve("missing.json") + ": no such file");

    Path badCollateral = Files.writeString(tmp.resolve("c.json"), "[]");
    r = CliRunner.run("verify-app", "--input", CliRunner.resourcePath(LITE), "--collateral", badCollateral.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: cannot parse collateral");
  }

  @Test
  void oversizedInput_isRefusedWithoutReadingItAll() throws IOException {
    Path big = tmp.resolve("big.json");
    try (var out = Files.newOutputStream(big)) {
      byte[] chunk = new byte[1024 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      for (int i = 0; i < 5; i++) {
        out.write(chunk);
      }
    }
    CliRunner.Result r = CliRunner.run("verify-app", "--input", big.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--input " + big + " is larger than " + InputKind.EVIDENCE.cap() + " bytes");
  }
}

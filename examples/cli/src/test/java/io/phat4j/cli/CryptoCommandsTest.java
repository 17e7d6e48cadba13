package io.phat4j.cli;

import static io.phat4j.cli.CliRunner.resource;
import static io.phat4j.cli.CliRunner.run;
import static io.phat4j.cli.CliRunner.runWithStdin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode ENC = read("env-encryption.json");
  private static final JsonNode SIG = read("env-pubkey-signature.json");

  private static JsonNode read(String name) {
    try {
      return JSON.readTree(resource(name));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String s(JsonNode n, String field) {
    return n.get(field).asText();
  }

  @Test
  void encryptEnv_thenDecryptEnv_roundTripsToReferencePlaintext() {
    CliRunner.Result enc =
        run("encrypt-env", "--public-key", s(ENC, "recipient_x25519_public_key"), "FOO=bar", "API_KEY=sk-test-1234");
    assertThat(enc.exitCode()).as(enc.err()).isZero();
    String hex = enc.outTrimmed();
    assertThat(hex).matches("[0-9a-f]+").hasSize(2 * 138);
    assertThat(enc.out().lines()).hasSize(1);

    CliRunner.Result dec =
        runWithStdin(hex + "\n", "decrypt-env", "--private-key", s(ENC, "recipient_x25519_private_key"));
    assertThat(dec.exitCode()).as(dec.err()).isZero();
    assertThat(dec.outTrimmed()).isEqualTo(s(ENC, "plaintext_utf8"));
  }

  @Test
  void decryptEnv_referenceCiphertext_printsReferencePlaintext() {
    CliRunner.Result dec =
        runWithStdin(s(ENC, "encrypted_env_hex"), "decrypt-env", "--private-key", s(ENC, "recipient_x25519_private_key"));
    assertThat(dec.exitCode()).as(dec.err()).isZero();
    assertThat(dec.outTrimmed()).isEqualTo(s(ENC, "plaintext_utf8"));
  }

  @Test
  void encryptEnv_envFileThenArguments_keepsOrderAndUnquotes(@TempDir Path dir) throws IOException {
    Path env = dir.resolve(".env");
    Files.writeString(env, "# secrets\nexport FOO=\"bar\"\n\nAPI_KEY='sk-test-1234'\n");
    CliRunner.Result enc =
        run("encrypt-env", "--public-key", s(ENC, "recipient_x25519_public_key"), "--env-file", env.toString(), "LAST=x=y");
    assertThat(enc.exitCode()).as(enc.err()).isZero();
    CliRunner.Result dec =
        runWithStdin(enc.outTrimmed(), "decrypt-env", "--private-key", s(ENC, "recipient_x25519_private_key"));
    assertThat(dec.outTrimmed())
        .isEqualTo("{\"env\":[{\"key\":\"FOO\",\"value\":\"bar\"},{\"key\":\"API_KEY\",\"value\":\"sk-test-1234\"},"
            + "{\"key\":\"LAST\",\"value\":\"x=y\"}]}");
  }

  @Test
  void encryptEnv_shortPublicKey_exits1NamingTheOption() {
    CliRunner.Result r = run("encrypt-env", "--public-key", "abcd", "FOO=bar");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("--public-key").contains("32 bytes");
  }

  @Test
  void encryptEnv_duplicateKey_exits1() {
    CliRunner.Result r = run("encrypt-env", "--public-key", s(ENC, "recipient_x25519_public_key"), "A=1", "A=2");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("env key 'A' appears more than once");
  }

  @Test
  void encryptEnv_assignmentWithoutEquals_exits2WithoutEchoingIt() {
    CliRunner.Result r = run("encrypt-env", "--public-key", s(ENC, "recipient_x25519_public_key"), "sk-live-secret");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("KEY=VALUE #1").doesNotContain("sk-live-secret");
  }

  @Test
  void encryptEnv_positionalValuesAreLiteral_roundTripUnchanged() throws Exception {
    String pub = s(ENC, "recipient_x25519_public_key");
    String[] values = {" lead", "trail ", "'single'", "\"a\\nb\"", "x=y", ""};
    List<String> args = new ArrayList<>(List.of("encrypt-env", "--public-key", pub));
    for (int i = 0; i < values.length; i++) {
      args.add("K" + i + "=" + values[i]);
    }
    CliRunner.Result enc = run(args.toArray(String[]::new));
    assertThat(enc.exitCode()).as(enc.err()).isZero();

    CliRunner.Result dec = CliRunner.runWithStdin(enc.out(), "decrypt-env", "--private-key", s(ENC, "recipient_x25519_private_key"));
    assertThat(dec.exitCode()).as(dec.err()).isZero();
    JsonNode env = new ObjectMapper().readTree(dec.out()).get("env");
    for (int i = 0; i < values.length; i++) {
      assertThat(env.get(i).get("key").asText()).isEqualTo("K" + i);
      assertThat(env.get(i).get("value").asText()).isEqualTo(values[i]);
    }
  }

  @Test
  void encryptEnv_keyNotAnEnvName_exits2NamingTheKey() {
    CliRunner.Result r = run("encrypt-env", "--public-key", s(ENC, "recipient_x25519_public_key"), "OK=1", "MY SECRET=x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: argument KEY=VALUE #2: env key \"MY SECRET\" is not a valid name");
  }

  @Test
  void encryptEnv_envFileKeyNotAnEnvName_exits2NamingLineAndKey(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve(".env"), "GOOD=1\nbad-key=2\n");
    CliRunner.Result r = run("encrypt-env", "--public-key", s(ENC, "recipient_x25519_public_key"), "--env-file", f.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("line 2: env key \"bad-key\" is not a valid name");
  }

  @Test
  void encryptEnv_missingEnvFile_exits2() {
    CliRunner.Result r =
        run("encrypt-env", "--public-key", s(ENC, "recipient_x25519_public_key"), "--env-file", "/nonexistent/.env");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("cannot read").contains("no such file");
  }

  @Test
  void encryptEnv_missingPublicKey_exits2() {
    assertThat(run("encrypt-env", "FOO=bar").exitCode()).isEqualTo(2);
  }

  @Test
  void decryptEnv_tamperedCiphertext_exits1WithoutPlaintext() {
    String hex = s(ENC, "encrypted_env_hex");
    char last = hex.charAt(hex.length() - 1);
    String tampered = hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    CliRunner.Result r = runWithStdin(tampered, "decrypt-env", "--private-key", s(ENC, "recipient_x25519_private_key"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).doesNotContain("sk-test-1234");
  }

  @Test
  void decryptEnv_badPrivateKey_exits1WithoutEchoingIt() {
    CliRunner.Result r = runWithStdin(s(ENC, "encrypted_env_hex"), "decrypt-env", "--private-key", "zz" + "01".repeat(31));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).doesNotContain("01".repeat(31));
  }

  @Test
  void verifyEnvKey_v1WithinWindow_printsKmsRootKey() {
    CliRunner.Result r = run("verify-env-key",
        "--app-id", s(SIG, "app_id"), "--public-key", s(SIG, "env_public_key"),
        "--signature", s(SIG, "signature_v1"), "--timestamp", s(SIG, "timestamp"),
        "--now", String.valueOf(SIG.get("timestamp").asLong() + 10),
        "--expected-kms-key", s(SIG, "kms_root_public_key_compressed"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outTrimmed()).isEqualTo("0x" + s(SIG, "kms_root_public_key_compressed"));
  }

  @Test
  void verifyEnvKey_legacyWithoutExpectedKey_printsRecoveredKey() {
    CliRunner.Result r = run("verify-env-key",
        "--app-id", s(SIG, "app_id"), "--public-key", s(SIG, "env_public_key"),
        "--signature", s(SIG, "signature_legacy"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outTrimmed()).isEqualTo("0x" + s(SIG, "kms_root_public_key_compressed"));
  }

  @Test
  void verifyEnvKey_staleTimestamp_exits1() {
    CliRunner.Result r = run("verify-env-key",
        "--app-id", s(SIG, "app_id"), "--public-key", s(SIG, "env_public_key"),
        "--signature", s(SIG, "signature_v1"), "--timestamp", s(SIG, "timestamp"),
        "--now", String.valueOf(SIG.get("timestamp").asLong() + 301));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verifyEnvKey_maxAgeWidensWindow_accepts() {
    CliRunner.Result r = run("verify-env-key",
        "--app-id", s(SIG, "app_id"), "--public-key", s(SIG, "env_public_key"),
        "--signature", s(SIG, "signature_v1"), "--timestamp", s(SIG, "timestamp"),
        "--now", String.valueOf(SIG.get("timestamp").asLong() + 1000), "--max-age", "2000");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void verifyEnvKey_otherExpectedKey_exits1() {
    CliRunner.Result r = run("verify-env-key",
        "--app-id", s(SIG, "app_id"), "--public-key", s(SIG, "env_public_key"),
        "--signature", s(SIG, "signature_legacy"),
        // the secp256k1 generator point: a valid key that is not the KMS root
        "--expected-kms-key", "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verifyEnvKey_v1SignatureCheckedAsLegacy_recoversOtherKeyAndIsRejected() {
    CliRunner.Result r = run("verify-env-key",
        "--app-id", s(SIG, "app_id"), "--public-key", s(SIG, "env_public_key"),
        "--signature", s(SIG, "signature_v1"),
        "--expected-kms-key", s(SIG, "kms_root_public_key_compressed"));
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void verifyEnvKey_truncatedSignature_exits1NamingLength() {
    CliRunner.Result r = run("verify-env-key",
        "--app-id", s(SIG, "app_id"), "--public-key", s(SIG, "env_public_key"),
        "--signature", s(SIG, "signature_legacy").substring(0, 128));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("65");
  }

  @Test
  void verifyEnvKey_nowWithoutTimestamp_exits2() {
    CliRunner.Result r = run("verify-env-key",
        "--app-id", s(SIG, "app_id"), "--public-key", s(SIG, "env_public_key"),
        "--signature", s(SIG, "signature_legacy"), "--now", "1");
    assertThat(r.exitCode()).isEqualTo(2);
  }

  @Test
  void decryptEnv_output_isUtf8() {
    CliRunner.Result enc =
        run("encrypt-env", "--public-key", s(ENC, "recipient_x25519_public_key"), "GREETING=grüße ✓");
    CliRunner.Result dec =
        runWithStdin(enc.outTrimmed(), "decrypt-env", "--private-key", s(ENC, "recipient_x25519_private_key"));
    assertThat(dec.outTrimmed().getBytes(StandardCharsets.UTF_8))
        .isEqualTo("{\"env\":[{\"key\":\"GREETING\",\"value\":\"grüße ✓\"}]}".getBytes(StandardCharsets.UTF_8));
  }
}

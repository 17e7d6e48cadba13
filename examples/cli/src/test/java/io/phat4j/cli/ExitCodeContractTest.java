package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exit-code contract of docs/cli.md, command by command: bad arguments and unusable files exit
 * 2, values and file contents that are read and refused exit 1 — always with one {@code error:} or
 * {@code Verification failed:} line on stderr, nothing on stdout for a usage error, and never a
 * stack trace.
 */
class ExitCodeContractTest {
  private static final Path VECTOR = Path.of(System.getProperty("phat4j.dcapVectors", "missing"), "tdx_v4_phala_near");
  private static final String HEX32 = "01".repeat(32);
  private static final String ADDRESS = "0x" + "ab".repeat(20);

  @TempDir static Path dir;
  static String quote;
  static String collateral;
  static String badJson;
  static String garbage;
  static String missing;
  static String folder;
  static String time;

  @BeforeAll
  static void files() throws IOException {
    quote = VECTOR.resolve("quote.bin").toString();
    collateral = VECTOR.resolve("collateral.json").toString();
    time = Files.readString(VECTOR.resolve("time.txt")).strip();
    badJson = Files.writeString(dir.resolve("bad.json"), "{\"unterminated\": [").toString();
    garbage = Files.writeString(dir.resolve("garbage.bin"), "not a quote").toString();
    missing = dir.resolve("no-such-file").toString();
    folder = Files.createDirectories(dir.resolve("a-folder")).toString();
  }

  record Case(int exit, List<String> argv) {
    @Override
    public String toString() {
      return exit + " <- " + String.join(" ", argv).replace(dir.toString(), "$TMP");
    }
  }

  private static Case c(int exit, String... argv) {
    return new Case(exit, List.of(argv));
  }

  static Stream<Case> cases() {
    List<Case> all = new ArrayList<>();
    // Every command: an unknown option, and a missing required argument or option.
    for (String command : List.of("encrypt-env", "decrypt-env", "verify-env-key", "compose-hash", "replay-rtmr",
        "verify-quote", "bench-verify", "deploy", "verify-gpu-evidence", "verify-ai-signature", "verify-ai-report",
        "read-requests", "read-results")) {
      all.add(c(2, command, "--no-such-option"));
    }
    all.add(c(2, "test-case", "verify", "--no-such-option", quote, collateral));
    all.add(c(2, "test-case", "frobnicate"));
    all.add(c(2, "encrypt-env", "A=1"));
    all.add(c(2, "verify-env-key", "--app-id", "00"));
    all.add(c(2, "compose-hash"));
    all.add(c(2, "replay-rtmr"));
    all.add(c(2, "test-case", "verify", quote));
    all.add(c(2, "verify-quote", "--quote", quote));
    all.add(c(2, "bench-verify", "--quote", quote, "--collateral", collateral));
    all.add(c(2, "deploy", "--api-url", "http://127.0.0.1:9", "--api-key", "k", "--name", "n"));
    all.add(c(2, "verify-gpu-evidence"));
    all.add(c(2, "verify-ai-signature", "--text", "hi"));
    all.add(c(2, "verify-ai-report", "--report", badJson));
    all.add(c(2, "read-requests", "--rpc", "http://127.0.0.1:9"));
    all.add(c(2, "read-results", "--anchor", ADDRESS));

    // Bad files: missing, or a folder where a file belongs.
    for (String bad : List.of(missing, folder)) {
      all.add(c(2, "encrypt-env", "--public-key", HEX32, "--env-file", bad));
      all.add(c(2, "decrypt-env", "--private-key-file", bad));
      all.add(c(2, "compose-hash", bad));
      all.add(c(2, "replay-rtmr", bad));
      all.add(c(2, "test-case", "verify", bad, collateral));
      all.add(c(2, "test-case", "verify", quote, bad));
      all.add(c(2, "test-case", "verify", quote, collateral, bad));
      all.add(c(2, "verify-quote", "--quote", bad, "--collateral", collateral));
      all.add(c(2, "verify-quote", "--quote", quote, "--collateral", bad));
      all.add(c(2, "verify-quote", "--quote", quote, "--collateral", collateral, "--root-ca", bad));
      all.add(c(2, "bench-verify", "--time", time, "--quote", bad, "--collateral", collateral));
      all.add(c(2, "bench-verify", "--time", time, "--quote", quote, "--collateral", bad));
      all.add(c(2, "deploy", "--api-url", "http://127.0.0.1:9", "--api-key", "k", "--name", "n", "--compose", bad));
      all.add(c(2, "verify-gpu-evidence", "--payload", bad));
      all.add(c(2, "verify-ai-report", "--report", bad, "--nonce", HEX32));
      all.add(c(2, "verify-ai-report", "--report", badJson, "--nonce", HEX32, "--collateral", bad));
    }
    all.add(c(2, "verify-gpu-evidence", "--payload", badJson, "--rim-dir", missing));

    // Bad values of options: out of range or not a number is a usage error.
    for (String t : List.of("9223372036854775807", "-1", "253402300800", "soon")) {
      all.add(c(2, "verify-quote", "--quote", quote, "--collateral", collateral, "--time", t));
      all.add(c(2, "test-case", "verify", "--time", t, quote, collateral));
      all.add(c(2, "bench-verify", "--quote", quote, "--collateral", collateral, "--time", t));
      all.add(c(2, "verify-gpu-evidence", "--payload", badJson, "--time", t));
      all.add(c(2, "verify-ai-report", "--report", badJson, "--nonce", HEX32, "--time", t));
    }
    all.add(c(2, "verify-env-key", "--app-id", "00", "--public-key", HEX32, "--signature", "00", "--timestamp", "1",
        "--now", "9223372036854775807"));
    all.add(c(2, "verify-env-key", "--app-id", "00", "--public-key", HEX32, "--signature", "00", "--timestamp", "1",
        "--max-age", "-5"));
    all.add(c(2, "bench-verify", "--quote", quote, "--collateral", collateral, "--time", time, "--iterations", "0"));
    all.add(c(2, "bench-verify", "--quote", quote, "--collateral", collateral, "--time", time, "--warmup", "-1"));
    all.add(c(2, "deploy", "--api-url", "http://127.0.0.1:9", "--api-key", "k", "--name", "n", "--compose", badJson,
        "--timeout", "0"));
    all.add(c(2, "verify-ai-signature", "--text", "hi", "--signature", "00", "--signing-address", ADDRESS, "--algo", "rsa"));
    all.add(c(2, "read-results", "--rpc", "ftp://example.com", "--anchor", ADDRESS));
    all.add(c(2, "read-results", "--rpc", "http://[::1", "--anchor", ADDRESS));
    all.add(c(2, "read-results", "--rpc", "http://127.0.0.1:9", "--anchor", "0x1234"));
    all.add(c(2, "read-results", "--rpc", "http://127.0.0.1:9", "--anchor", ADDRESS, "--discovery", "guess"));
    all.add(c(2, "read-requests", "--rpc", "http://127.0.0.1:9", "--anchor", ADDRESS, "--chunk-size", "0"));
    all.add(c(2, "read-requests", "--rpc", "http://127.0.0.1:9", "--anchor", ADDRESS, "--from-block", "5",
        "--to-block", "4"));
    all.add(c(2, "read-requests", "--rpc", "http://127.0.0.1:9", "--anchor", ADDRESS));
    all.add(c(2, "encrypt-env", "--public-key", HEX32));
    all.add(c(2, "encrypt-env", "--public-key", HEX32, "MY KEY=v"));
    all.add(c(2, "encrypt-env", "--public-key", HEX32, "no-equals"));
    all.add(c(2, "decrypt-env", "--private-key", HEX32, "--private-key-file", garbage));
    all.add(c(2, "compose-hash", "--normalize", badJson));

    // Values and contents that are read and refused: exit 1.
    all.add(c(1, "encrypt-env", "--public-key", "zz", "A=1"));
    all.add(c(1, "encrypt-env", "--public-key", HEX32, "A=1", "A=2"));
    all.add(c(1, "decrypt-env", "--private-key", "zz"));
    all.add(c(1, "decrypt-env", "--private-key-file", garbage));
    all.add(c(1, "verify-env-key", "--app-id", "zz", "--public-key", HEX32, "--signature", "00"));
    all.add(c(1, "verify-env-key", "--app-id", "00", "--public-key", HEX32, "--signature", "01".repeat(65),
        "--expected-kms-key", "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
    all.add(c(1, "compose-hash", "--canonical", badJson));
    all.add(c(1, "replay-rtmr", badJson));
    all.add(c(1, "replay-rtmr", garbage));
    all.add(c(1, "verify-quote", "--quote", quote, "--collateral", badJson, "--time", time));
    all.add(c(1, "verify-quote", "--quote", garbage, "--collateral", collateral, "--time", time));
    all.add(c(1, "verify-quote", "--quote", quote, "--collateral", collateral, "--root-ca", garbage, "--time", time));
    all.add(c(1, "verify-quote", "--quote", quote, "--collateral", collateral, "--time", "0"));
    all.add(c(1, "bench-verify", "--quote", quote, "--collateral", badJson, "--time", time));
    all.add(c(1, "bench-verify", "--quote", garbage, "--collateral", collateral, "--time", time));
    all.add(c(1, "test-case", "verify", "--time", time, garbage, collateral));
    all.add(c(1, "verify-gpu-evidence", "--payload", badJson));
    all.add(c(1, "verify-gpu-evidence", "--payload", badJson, "--nonce", "zz"));
    all.add(c(1, "verify-ai-signature", "--text", "hi", "--signature", "zz", "--signing-address", ADDRESS,
        "--algo", "ecdsa"));
    all.add(c(1, "verify-ai-signature", "--text", "hi", "--signature", "01".repeat(65), "--signing-address", ADDRESS,
        "--algo", "ecdsa"));
    all.add(c(1, "verify-ai-report", "--report", badJson, "--nonce", HEX32));
    all.add(c(1, "verify-ai-report", "--report", badJson, "--nonce", "zz"));
    all.add(c(1, "verify-ai-report", "--report", garbage, "--nonce", HEX32, "--collateral", badJson));

    // dcap-qvl's test_case contract: a collateral file that does not parse is exit 2.
    all.add(c(2, "test-case", "verify", "--time", time, quote, badJson));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exitCodeAsDocumented(Case c) {
    CliRunner.Result r = CliRunner.run(c.argv().toArray(String[]::new));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(c.exit());
    assertThat(r.err()).as("stderr says why").isNotBlank().doesNotContain("\tat ").doesNotContain("unexpected ");
    String first = r.err().lines().findFirst().orElseThrow();
    assertThat(first).matches("(error|Verification failed): .+");
    if (c.exit() == 2 && c.argv().getFirst().equals("deploy")) {
      // deploy's contract: its JSON object on every failure once picocli parsed its options.
      if (!r.out().isEmpty()) {
        assertThat(r.out().strip()).as("deploy's failure object").startsWith("{").endsWith("}")
            .contains("\"status\":\"failed\"");
      }
      assertThat(r.err().lines()).as("one line").hasSize(1);
    } else if (c.exit() == 2) {
      assertThat(r.out()).as("nothing on stdout for a usage error").isEmpty();
      assertThat(r.err().lines()).as("one line").hasSize(1);
    }
  }
}

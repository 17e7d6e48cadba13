package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file option and stdin of the packaged jar, given {@code /dev/zero} (endless) and a 1 GiB
 * sparse file, with a 256 MiB heap: one line on stderr naming the input and its cap, exit 2, and
 * never an {@code OutOfMemoryError} or a stack trace.
 */
@Timeout(600)
class HostileInputIT {
  private static final String ZERO = "/dev/zero";
  private static final String KEY = "01".repeat(32);

  @TempDir static Path dir;
  static Path small;
  static Path huge;

  @BeforeAll
  static void files() throws IOException {
    small = Files.writeString(dir.resolve("small.txt"), "{}");
    huge = dir.resolve("huge.bin");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(1L << 30); // sparse: costs no disk
    }
  }

  /** A command line with {@code BIG} where the hostile file goes and {@code SMALL} for the others. */
  private record Case(String input, String kind, List<String> argv) {
    String[] with(Path big) {
      return argv.stream().map(a -> a.equals("BIG") ? big.toString() : a.equals("SMALL") ? small.toString() : a)
          .toArray(String[]::new);
    }

    @Override
    public String toString() {
      return String.join(" ", argv);
    }
  }

  private static Case c(String input, String kind, String... argv) {
    return new Case(input, kind, List.of(argv));
  }

  static Stream<Case> fileOptions() {
    return Stream.of(
        c("--quote", "QUOTE", "verify-quote", "--quote", "BIG", "--collateral", "SMALL"),
        c("--collateral", "COLLATERAL", "verify-quote", "--quote", "SMALL", "--collateral", "BIG"),
        c("--root-ca", "CERTIFICATE", "verify-quote", "--quote", "SMALL", "--collateral", "SMALL", "--root-ca", "BIG"),
        c("QUOTE", "QUOTE", "test-case", "verify", "BIG", "SMALL"),
        c("COLLATERAL", "COLLATERAL", "test-case", "verify", "SMALL", "BIG"),
        c("ROOT_CA_DER", "CERTIFICATE", "test-case", "verify", "SMALL", "SMALL", "BIG"),
        c("--quote", "QUOTE", "bench-verify", "--time", "0", "--quote", "BIG", "--collateral", "SMALL"),
        c("--collateral", "COLLATERAL", "bench-verify", "--time", "0", "--quote", "SMALL", "--collateral", "BIG"),
        c("--root-ca", "CERTIFICATE", "bench-verify", "--time", "0", "--quote", "SMALL", "--collateral", "SMALL",
            "--root-ca", "BIG"),
        c("EVENTLOG.json", "EVENT_LOG", "replay-rtmr", "BIG"),
        c("FILE", "JSON", "compose-hash", "BIG"),
        c("--env-file", "ENV_FILE", "encrypt-env", "--public-key", KEY, "--env-file", "BIG"),
        c("--private-key-file", "KEY", "decrypt-env", "--private-key-file", "BIG"),
        c("--payload", "GPU_PAYLOAD", "verify-gpu-evidence", "--payload", "BIG"),
        c("--report", "JSON", "verify-ai-report", "--report", "BIG", "--nonce", KEY),
        c("--collateral", "COLLATERAL", "verify-ai-report", "--report", "SMALL", "--nonce", KEY, "--collateral", "BIG"),
        c("--compose", "JSON", "deploy", "--api-url", "http://127.0.0.1:9/", "--api-key", "k", "--name", "n",
            "--compose", "BIG"),
        c("--env-file", "ENV_FILE", "deploy", "--api-url", "http://127.0.0.1:9/", "--api-key", "k", "--name", "n",
            "--compose", "SMALL", "--env-file", "BIG"));
  }

  static Stream<Arguments> everyFileOptionWithEveryHostileFile() {
    return fileOptions().flatMap(c -> Stream.of(Arguments.of(c, "/dev/zero"), Arguments.of(c, "1 GiB sparse file")));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("everyFileOptionWithEveryHostileFile")
  void hostileFile_exits2WithOneLineNamingInputAndCap(Case c, String which) throws Exception {
    Path big = which.equals(ZERO) ? Path.of(ZERO) : huge;
    JarRunner.Run r = JarRunner.run(c.with(big));

    assertOneLineCapError(r, c.input(), InputKind.valueOf(c.kind()));
  }

  @Test
  void decryptEnv_stdinFromDevZero_exits2() throws Exception {
    JarRunner.Run r = JarRunner.run(Map.of(), new File(ZERO), "decrypt-env", "--private-key", KEY);

    assertOneLineCapError(r, "stdin", InputKind.ENCRYPTED_ENV);
  }

  @Test
  void decryptEnv_stdinFromHugeFile_exits2() throws Exception {
    JarRunner.Run r = JarRunner.run(Map.of(), huge.toFile(), "decrypt-env", "--private-key", KEY);

    assertOneLineCapError(r, "stdin", InputKind.ENCRYPTED_ENV);
  }

  @Test
  void rimDir_filesTogetherOverTheCap_exits2(@TempDir Path rims) throws Exception {
    Files.createSymbolicLink(rims.resolve("a.xml"), huge);
    JarRunner.Run r = JarRunner.run("verify-gpu-evidence", "--payload", small.toString(), "--rim-dir", rims.toString());

    assertOneLineCapError(r, "--rim-dir", InputKind.RIM);
  }

  @Test
  void capOverride_environmentVariableLowersTheCap() throws Exception {
    Path log = Path.of("samples", "dstack-getquote-response.json");
    long size = Files.size(log);

    JarRunner.Run refused = JarRunner.run(Map.of("PHAT4J_MAX_BYTES_EVENT_LOG", Long.toString(size - 1)), null,
        "replay-rtmr", log.toString());
    JarRunner.Run accepted = JarRunner.run(Map.of("PHAT4J_MAX_BYTES_EVENT_LOG", Long.toString(size)), null,
        "replay-rtmr", log.toString());

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("larger than " + (size - 1) + " bytes");
    assertThat(accepted.exitCode()).as(accepted.err()).isZero();
    assertThat(accepted.out().lines()).hasSize(4);
  }

  @Test
  void outOfMemory_caughtAtTheTop_oneLineExit2() throws Exception {
    // A cap raised far past the heap: the read itself runs out of memory, and the top level
    // still turns the OutOfMemoryError into one line.
    JarRunner.Run r = JarRunner.run("-Xmx48m", Map.of("PHAT4J_MAX_BYTES_JSON", "2000000000"), null,
        "compose-hash", ZERO);
    JarRunner.Run debug = JarRunner.run("-Xmx48m", Map.of("PHAT4J_MAX_BYTES_JSON", "2000000000"), null,
        "compose-hash", "--debug", ZERO);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).hasSize(1);
    assertThat(r.err()).startsWith("error: unexpected OutOfMemoryError").contains("--debug").doesNotContain("\tat ");
    assertThat(debug.exitCode()).isEqualTo(2);
    assertThat(debug.err()).contains("java.lang.OutOfMemoryError").contains("\tat ");
  }

  @Test
  void capOverride_notANumber_exits2NamingTheVariable() throws Exception {
    JarRunner.Run r = JarRunner.run(Map.of("PHAT4J_MAX_BYTES_EVENT_LOG", "lots"), null,
        "replay-rtmr", "samples/dstack-getquote-response.json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: PHAT4J_MAX_BYTES_EVENT_LOG must be a byte count");
  }

  static void assertOneLineCapError(JarRunner.Run r, String input, InputKind kind) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    if (!r.out().isEmpty()) {
      // Only deploy prints on a failure: its JSON object; the one line on stderr is still there.
      assertThat(r.out()).startsWith("{").contains("\"status\":\"failed\"").contains(kind.envVar());
    }
    assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
    assertThat(r.err())
        .startsWith("error: " + input + " ")
        .contains("larger than " + kind.cap() + " bytes")
        .contains(kind.envVar())
        .doesNotContain("Exception", "Error", "\tat ");
  }
}

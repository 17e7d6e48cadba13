package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged launcher {@code target/phat4j} (a POSIX shell script) as users do, with the AOT
 * cache made at package time. A smoke test, not a timing: {@code -XX:AOTMode=on} (through
 * {@code PHAT4J_OPTS}) makes the JVM fail if it cannot use the cache, so a passing run proves the
 * cache matches this JDK and the jar.
 */
@Timeout(120)
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherIT {
  private static final Path TARGET = Path.of("target");
  private static final Path DCAP = Path.of("..", "..", "sdk-attestation", "src", "test", "resources", "dcap");

  private record Run(int exitCode, String out, String err) {}

  private static Run launch(Path launcher, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    // The JDK running the tests, the one the cache was made with.
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("PHAT4J_OPTS");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("launcher-out", ".txt");
    Path err = Files.createTempFile("launcher-err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(100, TimeUnit.SECONDS)).isTrue();
    Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  private static String[] testCaseVerify(String vector) throws IOException {
    Path dir = DCAP.resolve(vector);
    return new String[] {"test-case", "verify", "--time", Files.readString(dir.resolve("time.txt")).strip(),
        dir.resolve("quote.bin").toString(), dir.resolve("collateral.json").toString()};
  }

  @Test
  void launcherAndCache_areBuiltBesideTheJar() {
    assertThat(TARGET.resolve("phat4j")).isExecutable();
    assertThat(TARGET.resolve("phat4j.aot")).isNotEmptyFile();
    assertThat(TARGET.resolve("phat4j.aot.jdk")).isNotEmptyFile();
  }

  @Test
  void version_runsWithoutTheCache_helpWithIt() throws Exception {
    // --version alone is cheaper without the cache: the launcher does not offer it (AOTMode=on
    // without a cache to use would stop the JVM).
    Run version = launch(TARGET.resolve("phat4j"), Map.of("PHAT4J_OPTS", "-Xlog:aot=info"), "--version");
    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out().lines()).anyMatch(l -> l.startsWith("phat4j "));
    assertThat(version.out()).doesNotContain("phat4j.aot");

    Run help = launch(TARGET.resolve("phat4j"), Map.of("PHAT4J_OPTS", "-XX:AOTMode=on"), "--help");
    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: phat4j").contains("test-case");
    assertThat(help.err()).isEmpty();
  }

  @Test
  void testCaseVerify_runsFromTheAotCache_andPassesExitCodesThrough() throws Exception {
    Run ok = launch(TARGET.resolve("phat4j"), Map.of("PHAT4J_OPTS", "-XX:AOTMode=on"), testCaseVerify("tdx_v4_phala_sample"));
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo("Verification successful\nStatus: UpToDate\nAdvisory IDs: []\n");

    Run rejected = launch(TARGET.resolve("phat4j"), Map.of(), testCaseVerify("neg_tdx_quote_sig_flip"));
    assertThat(rejected.exitCode()).isEqualTo(1);
    assertThat(rejected.err()).startsWith("Verification failed: ISV enclave report signature is invalid");
  }

  @Test
  void withoutTheCache_theLauncherStillRunsTheJar(@TempDir Path dir) throws Exception {
    // Launcher and jar moved elsewhere, through a symlink, without phat4j.aot: nothing to offer.
    Files.copy(TARGET.resolve("phat4j"), dir.resolve("phat4j"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(TARGET.resolve("phat4j.jar"), dir.resolve("phat4j.jar"));
    Path link = Files.createSymbolicLink(dir.resolve("phat4j-link"), dir.resolve("phat4j"));
    Run r = launch(link, Map.of(), "compose-hash", "--bogus");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("see 'phat4j compose-hash --help'");
  }

  @Test
  void cacheMadeByAnotherJdk_isNotOffered(@TempDir Path dir) throws Exception {
    // The stamp no longer matches this JDK's release file: the cache must not be used (AOTMode=on
    // would fail if it were offered and then rejected, and a silent fallback prints nothing).
    Files.copy(TARGET.resolve("phat4j"), dir.resolve("phat4j"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(TARGET.resolve("phat4j.jar"), dir.resolve("phat4j.jar"));
    Files.copy(TARGET.resolve("phat4j.aot"), dir.resolve("phat4j.aot"));
    Files.writeString(dir.resolve("phat4j.aot.jdk"), "JAVA_RUNTIME_VERSION=\"0.0.0+0\"\n");
    Run r = launch(dir.resolve("phat4j"), Map.of("PHAT4J_OPTS", "-Xlog:aot=info"), "--help");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines()).anyMatch(l -> l.startsWith("Usage: phat4j"));
    assertThat(r.out() + r.err()).doesNotContain("phat4j.aot");
  }
}

package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code phat4j.jar} as users do, in a separate JVM with a 256 MiB heap, so an
 * unbounded read would end in a real {@code OutOfMemoryError}.
 */
final class JarRunner {
  static final Path JAR = Path.of("target", "phat4j.jar");

  record Run(int exitCode, String out, String err) {}

  private JarRunner() {}

  static Run run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), null, args);
  }

  /**
   * Runs the jar.
   *
   * @param env extra environment variables
   * @param stdin a file to read stdin from, or null for an empty stdin
   */
  static Run run(Map<String, String> env, File stdin, String... args) throws IOException, InterruptedException {
    return run("-Xmx256m", env, stdin, args);
  }

  /** As {@link #run(Map, File, String...)} with another heap limit, e.g. {@code -Xmx32m}. */
  static Run run(String heap, Map<String, String> env, File stdin, String... args)
      throws IOException, InterruptedException {
    assertThat(JAR).as("the shaded jar is built in the package phase").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heap);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path outFile = Files.createTempFile("phat4j-out", ".txt");
    Path errFile = Files.createTempFile("phat4j-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
    pb.environment().putAll(env);
    if (stdin != null) {
      pb.redirectInput(stdin);
    }
    Process p = pb.start();
    if (stdin == null) {
      p.getOutputStream().close();
    }
    if (!p.waitFor(100, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("phat4j " + String.join(" ", args) + " did not finish in 100 s");
    }
    Run run = new Run(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
        Files.readString(errFile, StandardCharsets.UTF_8));
    Files.delete(outFile);
    Files.delete(errFile);
    return run;
  }
}

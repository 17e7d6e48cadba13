package io.phat4j.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in process and captures its exit code, stdout and stderr. */
final class CliRunner {
  record Result(int exitCode, String out, String err) {
    String outTrimmed() {
      return out.strip();
    }
  }

  private CliRunner() {}

  static Result run(String... args) {
    return runWithStdin("", args);
  }

  static Result runWithStdin(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out),
            new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  static String resourcePath(String name) {
    var url = CliRunner.class.getResource("/vectors/" + name);
    if (url == null) {
      throw new IllegalArgumentException("missing test resource " + name);
    }
    return java.nio.file.Path.of(java.net.URI.create(url.toString())).toString();
  }

  static byte[] resource(String name) {
    try (InputStream in = CliRunner.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

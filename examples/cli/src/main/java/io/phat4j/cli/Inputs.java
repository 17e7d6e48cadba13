package io.phat4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way the CLI reads files and stdin: never more than the cap of the input's {@link
 * InputKind}, so {@code /dev/zero} or a huge file ends in a one-line error (exit 2), not an
 * {@code OutOfMemoryError}. I/O failures are exit 2 as well.
 */
final class Inputs {
  private static final int CHUNK = 64 * 1024;

  private Inputs() {}

  /**
   * Reads a file of the given kind.
   *
   * @param kind what the file holds, which sets the cap
   * @param input how the user named it, e.g. {@code --quote} or {@code QUOTE}
   * @param path the file
   */
  static byte[] readFile(InputKind kind, String input, Path path) {
    return readFile(kind, input, path, kind.cap());
  }

  /** Reads a file with an explicit byte budget (for inputs that share one cap, like a RIM folder). */
  static byte[] readFile(InputKind kind, String input, Path path, long budget) {
    if (Files.isDirectory(path)) {
      throw CliException.usage(input + " " + path + " is a directory");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return readBounded(in, kind, input + " " + path, budget);
    } catch (IOException e) {
      throw new CliException(Main.USAGE, "cannot read " + input + " " + path + ": " + reason(e), e);
    }
  }

  /**
   * Reads a file as generic text or JSON ({@link InputKind#JSON}), naming it by its path. Prefer
   * {@link #readFile(InputKind, String, Path)}, whose error names the option.
   */
  static byte[] readFile(Path path) {
    if (Files.isDirectory(path)) {
      throw CliException.usage(path + " is a directory");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return readBounded(in, InputKind.JSON, path.toString(), InputKind.JSON.cap());
    } catch (IOException e) {
      throw new CliException(Main.USAGE, "cannot read " + path + ": " + reason(e), e);
    }
  }

  /**
   * Reads a stream (stdin) of the given kind.
   *
   * @param in the stream; not closed
   * @param kind what it holds, which sets the cap
   * @param input how to name it, e.g. {@code stdin}
   */
  static byte[] readAll(InputStream in, InputKind kind, String input) {
    try {
      return readBounded(in, kind, input, kind.cap());
    } catch (IOException e) {
      throw new CliException(Main.USAGE, "cannot read " + input + ": " + reason(e), e);
    }
  }

  private static byte[] readBounded(InputStream in, InputKind kind, String input, long cap) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(cap + 1, CHUNK));
    byte[] chunk = new byte[CHUNK];
    long total = 0;
    while (true) {
      // Ask for at most one byte past the cap: that byte proves the input is too large.
      int want = (int) Math.min(chunk.length, cap + 1 - total);
      int n = in.read(chunk, 0, want);
      if (n < 0) {
        return buffer.toByteArray();
      }
      total += n;
      if (total > cap) {
        throw CliException.usage(input + " is larger than " + cap + " bytes, the cap for "
            + kind.what() + " (raise it with " + kind.envVar() + ")");
      }
      buffer.write(chunk, 0, n);
    }
  }

  /** The latest time a {@code --time} may name: 9999-12-31T23:59:59Z. */
  static final long MAX_TIME = 253_402_300_799L;

  /**
   * A {@code --time} value as an instant, or the clock when absent; outside 0..{@link #MAX_TIME}
   * it is a usage error (exit 2), before any date arithmetic can overflow.
   */
  static java.time.Instant time(String option, @org.jspecify.annotations.Nullable Long seconds) {
    if (seconds == null) {
      return java.time.Instant.now();
    }
    if (seconds < 0 || seconds > MAX_TIME) {
      throw CliException.usage(option + " must be unix seconds from 0 to " + MAX_TIME + ", got " + seconds);
    }
    return java.time.Instant.ofEpochSecond(seconds);
  }

  private static String reason(IOException e) {
    String kind = e.getClass().getSimpleName();
    return switch (kind) {
      case "NoSuchFileException" -> "no such file";
      case "AccessDeniedException" -> "permission denied";
      default -> e.getMessage() == null ? kind : e.getMessage();
    };
  }
}

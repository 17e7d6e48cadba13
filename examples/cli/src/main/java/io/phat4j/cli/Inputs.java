package io.phat4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the files and streams the commands take, mapping I/O failures to exit code 2. */
final class Inputs {
  private Inputs() {}

  static byte[] readFile(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new CliException(Main.USAGE, "cannot read " + path + ": " + reason(e), e);
    }
  }

  static byte[] readAll(InputStream in, String what) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new CliException(Main.USAGE, "cannot read " + what + ": " + reason(e), e);
    }
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

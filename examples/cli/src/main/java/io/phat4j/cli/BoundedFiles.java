package io.phat4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads input files up to a size cap, so a huge or endless file is an error (exit 2), not an OutOfMemoryError. */
final class BoundedFiles {
  private BoundedFiles() {}

  /**
   * Reads at most {@code max} bytes.
   *
   * @throws CliException with exit 2 if the file is unreadable or larger than the cap
   */
  static byte[] read(Path path, int max, String what) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] data = in.readNBytes(max + 1);
      if (data.length > max) {
        throw new CliException(Main.USAGE, what + " " + path + " is larger than " + max + " bytes");
      }
      return data;
    } catch (NoSuchFileException e) {
      throw new CliException(Main.USAGE, "cannot read " + path + ": no such file", e);
    } catch (IOException e) {
      throw new CliException(Main.USAGE, "cannot read " + path + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
  }
}

package io.phat4j.attestation.os.internal;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads an image's {@code sha256sum.txt}: lines of {@code <hex sha256> <file name>}, looked up the
 * way dstack does (blank lines skipped, first two whitespace-separated fields, a name listed twice
 * or a digest that is not 32 bytes of hex is an error).
 */
public final class ChecksumFile {
  private ChecksumFile() {}

  /** Why a lookup failed; {@link #MISSING} is the only non-malformed outcome. */
  public enum Problem {
    /** The name is not listed. */
    MISSING,
    /** The file is not UTF-8, a line has no name, the name is listed twice, or a digest is bad. */
    MALFORMED
  }

  /** A failed lookup. */
  public static final class LookupException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    LookupException(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }

    /** What kind of failure this is. */
    public Problem problem() {
      return problem;
    }
  }

  /**
   * Returns the SHA-256 the file lists for a name.
   *
   * @param checksumFile the file bytes
   * @param fileName the exact name to find
   * @return the 32-byte digest
   * @throws LookupException if the name is missing or the file is malformed
   */
  public static byte[] entry(byte[] checksumFile, String fileName) throws LookupException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(checksumFile))
          .toString();
    } catch (CharacterCodingException e) {
      throw new LookupException(Problem.MALFORMED, "sha256sum.txt is not valid UTF-8");
    }
    byte @Nullable [] found = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split("\\s+");
      if (fields.length < 2) {
        throw new LookupException(Problem.MALFORMED, "sha256sum.txt line " + (i + 1) + " is missing a file name");
      }
      if (!fields[1].equals(fileName)) {
        continue;
      }
      if (found != null) {
        throw new LookupException(Problem.MALFORMED, "sha256sum.txt lists " + fileName + " twice");
      }
      try {
        found = Hex.decode("sha256sum.txt " + fileName, fields[0], 32);
      } catch (DecodeException e) {
        throw new LookupException(Problem.MALFORMED, "sha256sum.txt entry for " + fileName + " is not a 32-byte hex digest");
      }
    }
    if (found == null) {
      throw new LookupException(Problem.MISSING, "sha256sum.txt does not list " + fileName);
    }
    return found;
  }
}

package io.phat4j.core.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/** Reads response bodies with size limits, so a hostile server cannot exhaust memory. */
public final class BodyReader {
  private BodyReader() {}

  /** A body or line exceeded its limit; the caller must not retry, the answer would not change. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    TooLargeException(String message, long limit) {
      super(message);
      this.limit = limit;
    }

    /** The limit that was exceeded, in bytes. */
    public long limit() {
      return limit;
    }
  }

  /**
   * Reads the whole body.
   *
   * @param source the body
   * @param maxBytes the largest body accepted
   * @return the bytes
   * @throws TooLargeException if the body is longer than {@code maxBytes}
   * @throws IOException if reading fails
   */
  public static byte[] readAll(BufferedSource source, long maxBytes) throws IOException {
    // request() buffers up to the limit plus one byte, or fewer if the stream ends first.
    if (source.request(maxBytes + 1)) {
      throw new TooLargeException("response body exceeds " + maxBytes + " bytes", maxBytes);
    }
    return source.readByteArray();
  }

  /**
   * Reads the next line, without its {@code \n} or {@code \r\n} terminator.
   *
   * @param source the body
   * @param maxBytes the longest line accepted
   * @return the line, or {@code null} at the end of the stream
   * @throws TooLargeException if a line is longer than {@code maxBytes}
   * @throws IOException if reading fails
   */
  public static @Nullable String readLine(BufferedSource source, long maxBytes) throws IOException {
    long newline = source.indexOf((byte) '\n', 0, maxBytes + 1);
    String line;
    if (newline == -1) {
      if (source.getBuffer().size() > maxBytes) {
        throw new TooLargeException("streamed line exceeds " + maxBytes + " bytes", maxBytes);
      }
      if (source.exhausted()) {
        return null;
      }
      // The stream ended without a final terminator: the rest is the last line.
      line = source.readString(StandardCharsets.UTF_8);
    } else {
      line = source.readString(newline, StandardCharsets.UTF_8);
      source.skip(1);
    }
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}

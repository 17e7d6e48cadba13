package io.phat4j.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Redirects {@code System.err} into memory until closed, to read what a logger printed (slf4j-simple
 * writes to {@code System.err} and looks it up on every line, so a redirect made after start-up is
 * seen). Everything captured is also passed through to the original stream.
 *
 * {@snippet :
 * try (CapturedStderr log = CapturedStderr.start()) {
 *   client.call();
 *   scanner.assertClean("log", log.text());
 * }
 * }
 *
 * <p>Not thread-safe with respect to other code redirecting {@code System.err}.
 */
public final class CapturedStderr implements AutoCloseable {
  private final PrintStream original;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  private CapturedStderr() {
    this.original = System.err;
    PrintStream capture = new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        synchronized (buffer) {
          buffer.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (buffer) {
          buffer.write(b, off, len);
        }
        original.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8);
    System.setErr(capture);
  }

  /**
   * Starts capturing.
   *
   * @return the capture; close it to restore {@code System.err}
   */
  public static CapturedStderr start() {
    return new CapturedStderr();
  }

  /**
   * Returns what was written so far, decoded as UTF-8.
   *
   * @return the captured text
   */
  public String text() {
    System.err.flush();
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  /** Restores the original {@code System.err}. */
  @Override
  public void close() {
    System.err.flush();
    System.setErr(original);
  }
}

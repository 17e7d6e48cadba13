package io.phat4j.core;

import org.jspecify.annotations.Nullable;

/**
 * A remote answer was larger than the limit it is read under, so it was not read: a hostile or
 * broken server sent an endless or oversized body (or a streamed line). Retrying would not help;
 * raise the limit only if such answers are expected.
 */
public class ResponseTooLargeException extends PhalaTransportException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /**
   * Creates the exception.
   *
   * @param message what was being read, including method and redacted URL
   * @param limit the limit in bytes that was exceeded
   * @param attempts how many attempts were made
   * @param cause the underlying failure
   */
  public ResponseTooLargeException(String message, long limit, int attempts, @Nullable Throwable cause) {
    super(message, attempts, cause);
    this.limit = limit;
  }

  /**
   * Returns the limit that was exceeded.
   *
   * @return the limit in bytes
   */
  public long limit() {
    return limit;
  }
}

package io.phat4j.core;

import org.jspecify.annotations.Nullable;

/**
 * A remote call failed before a complete answer arrived: connection refused or reset, DNS
 * failure, or a timeout.
 *
 * <p>For a non-idempotent request (a commit, say) this outcome is ambiguous: the server may have
 * applied the request. {@link #attempts()} tells how many attempts were made.
 */
public class PhalaTransportException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final int attempts;

  /**
   * Creates a transport failure.
   *
   * @param message what failed, including method and URL path (never query secrets)
   * @param attempts how many attempts were made before giving up
   * @param cause the underlying I/O failure
   */
  public PhalaTransportException(String message, int attempts, @Nullable Throwable cause) {
    super(message, cause);
    this.attempts = attempts;
  }

  /**
   * Returns how many attempts were made.
   *
   * @return the number of attempts, at least 1
   */
  public int attempts() {
    return attempts;
  }
}

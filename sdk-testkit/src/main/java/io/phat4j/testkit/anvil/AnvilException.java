package io.phat4j.testkit.anvil;

import io.phat4j.core.PhalaException;
import org.jspecify.annotations.Nullable;

/** Anvil could not be found, started, reached or stopped, or it rejected a test-control call. */
public final class AnvilException extends PhalaException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  public AnvilException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public AnvilException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

package io.phat4j.attestation.dcap;

import io.phat4j.core.CryptoException;
import org.jspecify.annotations.Nullable;

/** {@link CryptoBackend#NATIVE} was requested but the native backend cannot be used here. */
public final class NativeCryptoUnavailableException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why the native backend is unavailable
   * @param cause the underlying failure, or {@code null}
   */
  public NativeCryptoUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

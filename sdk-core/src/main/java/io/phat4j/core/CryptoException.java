package io.phat4j.core;

import org.jspecify.annotations.Nullable;

/**
 * A cryptographic check or operation failed: a signature that does not verify, a key that is not
 * valid for its curve, a ciphertext whose tag does not match, or a recovered key that is not the
 * trusted one.
 *
 * <p>When the JCA or a library reported a {@code GeneralSecurityException}, it is kept as the
 * cause. The message never includes key material or plaintext.
 */
public class CryptoException extends PhalaException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a crypto failure.
   *
   * @param message what failed
   */
  public CryptoException(String message) {
    super(message);
  }

  /**
   * Creates a crypto failure with its cause.
   *
   * @param message what failed
   * @param cause the underlying failure
   */
  public CryptoException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

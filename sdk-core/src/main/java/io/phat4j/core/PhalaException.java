package io.phat4j.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception phat4j throws.
 *
 * <p>All phat4j exceptions are unchecked. Catch this type to handle any SDK failure, or one of
 * its branches to act on a specific kind:
 *
 * <ul>
 *   <li>{@link PhalaServiceException}: a service answered with an error (status, code, request id);
 *   <li>{@link PhalaTransportException}: the service could not be reached or the call timed out;
 *   <li>{@link DecodeException}: input bytes, hex or JSON were malformed (names the field and offset);
 *   <li>{@link CryptoException}: a signature, key or ciphertext did not verify.
 * </ul>
 *
 * <p>Messages never contain secret values (private keys, env values, API keys).
 */
public class PhalaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public PhalaException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure, kept for diagnosis
   */
  public PhalaException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

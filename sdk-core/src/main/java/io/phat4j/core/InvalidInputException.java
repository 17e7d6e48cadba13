package io.phat4j.core;

/**
 * Well-formed input that breaks a rule of the operation: an empty or repeated env key, a key
 * outside {@code allowed_envs}, an app name the platform would refuse.
 *
 * <p>Unlike {@link DecodeException} the bytes parsed fine; the values are not acceptable. The
 * message names the offending field or key, never a secret value.
 */
public class InvalidInputException extends PhalaException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which rule was broken, naming the field or key
   */
  public InvalidInputException(String message) {
    super(message);
  }
}

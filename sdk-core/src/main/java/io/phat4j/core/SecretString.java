package io.phat4j.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret text (an env value, an API key) that never shows up in logs.
 *
 * <p>{@code toString()} prints only {@code "***"} and the length; equality is constant time over
 * the UTF-8 bytes. Reading the value is one explicit, greppable call: {@link #reveal()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SecretString {
  private final String value;

  private SecretString(String value) {
    this.value = value;
  }

  /**
   * Wraps a secret text.
   *
   * @param value the secret; must not be null
   * @return the secret
   */
  public static SecretString of(String value) {
    if (value == null) {
      throw new NullPointerException("secret value is null");
    }
    return new SecretString(value);
  }

  /**
   * Returns the secret text.
   *
   * @return the plain value
   */
  public String reveal() {
    return value;
  }

  /**
   * Tells whether the secret is the empty string.
   *
   * @return {@code true} if empty
   */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretString other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return SecretString.class.hashCode();
  }

  @Override
  public String toString() {
    return "***(" + value.length() + " chars)";
  }
}

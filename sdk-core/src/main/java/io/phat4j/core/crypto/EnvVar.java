package io.phat4j.core.crypto;

import io.phat4j.core.SecretString;
import java.util.Objects;

/**
 * One environment variable for a dstack app: a name and a secret value.
 *
 * <p>The value is a {@link SecretString}, so {@code toString()} shows the key but not the value.
 * Whether a key is acceptable (non-empty, unique, allowed) is checked by {@link EnvEncryptor}.
 *
 * @param key the variable name
 * @param value the secret value
 */
public record EnvVar(String key, SecretString value) {
  /**
   * Checks that both parts are present.
   *
   * @throws NullPointerException if the key or the value is null
   */
  public EnvVar {
    Objects.requireNonNull(key, "env key is null");
    Objects.requireNonNull(value, "env value is null");
  }

  /**
   * Creates an env var from a plain value, wrapping it as a secret.
   *
   * @param key the variable name
   * @param value the value
   * @return the env var
   */
  public static EnvVar of(String key, String value) {
    return new EnvVar(key, SecretString.of(value));
  }
}

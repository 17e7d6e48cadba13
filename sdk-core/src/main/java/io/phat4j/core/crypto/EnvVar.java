package io.phat4j.core.crypto;

import io.phat4j.core.SecretString;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One environment variable for a dstack app: a name and a secret value.
 *
 * <p>The value is a {@link SecretString}, so {@code toString()} shows the key but not the value.
 * Whether a key is acceptable (a valid name per {@link #isValidKey}, unique, allowed) is checked by
 * {@link EnvEncryptor}, which throws {@link InvalidEnvKeyException} for a name that is not valid.
 *
 * @param key the variable name
 * @param value the secret value
 */
public record EnvVar(String key, SecretString value) {
  private static final Pattern VALID_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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

  /**
   * Tells whether a name is a valid environment variable name: {@code [A-Za-z_][A-Za-z0-9_]*}.
   *
   * @param key a candidate name
   * @return {@code true} for e.g. {@code API_KEY} or {@code _x1}; {@code false} for an empty name,
   *     {@code "MY SECRET"}, {@code "A-B"} or {@code "1X"}
   */
  public static boolean isValidKey(String key) {
    return VALID_KEY.matcher(key).matches();
  }
}

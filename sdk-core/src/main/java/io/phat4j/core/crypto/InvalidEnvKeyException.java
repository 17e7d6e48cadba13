package io.phat4j.core.crypto;

import io.phat4j.core.InvalidInputException;

/**
 * An env var name that is not a valid environment variable name: {@code [A-Za-z_][A-Za-z0-9_]*}.
 *
 * <p>A name with a space, a dash, a leading digit or an {@code =} could not be exported to the app
 * as written, so it is refused before anything is encrypted. The message names the key (names are
 * not secret) and where it came from; never a value.
 */
public final class InvalidEnvKeyException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates the exception.
   *
   * @param where where the key came from, e.g. {@code "line 3"} or {@code "env[0]"}
   * @param key the refused key
   */
  public InvalidEnvKeyException(String where, String key) {
    super(where + ": env key " + quoted(key) + " is not a valid name ([A-Za-z_][A-Za-z0-9_]*)");
    this.key = key;
  }

  /**
   * Returns the refused key.
   *
   * @return the key as given
   */
  public String key() {
    return key;
  }

  /** The key in double quotes with control characters escaped, so the message stays one line. */
  private static String quoted(String key) {
    StringBuilder sb = new StringBuilder("\"");
    key.codePoints().limit(200).forEach(c -> {
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        sb.append(String.format("\\u%04x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.append(key.length() > 200 ? "…\"" : "\"").toString();
  }
}

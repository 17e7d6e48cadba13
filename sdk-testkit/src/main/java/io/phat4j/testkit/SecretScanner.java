package io.phat4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Looks for known secret values in text a user could see: {@code toString()} output, exception
 * messages (with their causes and suppressed exceptions) and captured logs.
 *
 * <p>Each secret is searched in every form it could be printed in: the raw text, lowercase and
 * uppercase hex of its bytes, and standard and URL-safe base64 with and without padding. Secrets
 * shorter than {@value #MIN_LENGTH} characters (or bytes) are refused, since a short value would
 * match by chance.
 *
 * {@snippet :
 * SecretScanner scanner = new SecretScanner().secret("api key", apiKey).secret("private key", keyBytes);
 * scanner.assertClean("client.toString()", client.toString());
 * scanner.assertClean("auth failure", thrown);
 * }
 *
 * <p>Mutable, not thread-safe: build it in the test, then scan.
 */
public final class SecretScanner {
  /** The shortest secret that can be searched for without false matches. */
  public static final int MIN_LENGTH = 8;

  private final Map<String, String> forms = new LinkedHashMap<>();
  private int scans;

  /** Creates a scanner with no secrets. */
  public SecretScanner() {}

  /**
   * Adds a secret given as text (also searched as the hex and base64 of its UTF-8 bytes).
   *
   * @param label how to name it in a failure
   * @param value the secret
   * @return this scanner
   * @throws IllegalArgumentException if shorter than {@value #MIN_LENGTH} characters
   */
  public SecretScanner secret(String label, String value) {
    Objects.requireNonNull(value, "value");
    if (value.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(label + " is too short to scan for");
    }
    forms.put(value, label + " (raw)");
    addEncodings(label, value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /**
   * Adds a secret given as bytes (searched as hex and base64, and as text if it is printable).
   *
   * @param label how to name it in a failure
   * @param value the secret
   * @return this scanner
   * @throws IllegalArgumentException if shorter than {@value #MIN_LENGTH} bytes
   */
  public SecretScanner secret(String label, byte[] value) {
    Objects.requireNonNull(value, "value");
    if (value.length < MIN_LENGTH) {
      throw new IllegalArgumentException(label + " is too short to scan for");
    }
    addEncodings(label, value);
    return this;
  }

  private void addEncodings(String label, byte[] bytes) {
    String hex = HexFormat.of().formatHex(bytes);
    forms.put(hex, label + " (hex)");
    forms.put(hex.toUpperCase(Locale.ROOT), label + " (HEX)");
    forms.put(Base64.getEncoder().encodeToString(bytes), label + " (base64)");
    forms.put(Base64.getEncoder().withoutPadding().encodeToString(bytes), label + " (base64, unpadded)");
    forms.put(Base64.getUrlEncoder().encodeToString(bytes), label + " (base64url)");
    forms.put(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), label + " (base64url, unpadded)");
  }

  /**
   * Returns which secret forms occur in a text.
   *
   * @param text the text, or {@code null} (nothing to find)
   * @return the labels of the forms found, empty if clean
   */
  public List<String> leaksIn(@Nullable String text) {
    scans++;
    List<String> found = new ArrayList<>();
    if (text == null) {
      return found;
    }
    for (Map.Entry<String, String> form : forms.entrySet()) {
      if (text.contains(form.getKey())) {
        found.add(form.getValue());
      }
    }
    return found;
  }

  /**
   * Fails if a text contains a secret.
   *
   * @param where what the text is, for the failure message
   * @param text the text, or {@code null}
   * @throws AssertionError naming the secret forms found (never the values)
   */
  public void assertClean(String where, @Nullable String text) {
    List<String> found = leaksIn(text);
    if (!found.isEmpty()) {
      throw new AssertionError(where + " leaks " + found);
    }
  }

  /**
   * Fails if a throwable's message, its {@code toString()}, or those of its causes and suppressed
   * exceptions contain a secret.
   *
   * @param where what failure this is, for the failure message
   * @param thrown the throwable; {@code null} fails (the failure path was not reached)
   * @throws AssertionError if a secret is found or nothing was thrown
   */
  public void assertClean(String where, @Nullable Throwable thrown) {
    if (thrown == null) {
      throw new AssertionError(where + ": expected an exception, none was thrown");
    }
    List<Throwable> seen = new ArrayList<>();
    walk(where, thrown, seen);
  }

  private void walk(String where, @Nullable Throwable t, List<Throwable> seen) {
    if (t == null || seen.contains(t)) {
      return;
    }
    seen.add(t);
    assertClean(where + " [" + t.getClass().getSimpleName() + "]", t.toString());
    assertClean(where + " [" + t.getClass().getSimpleName() + " message]", t.getMessage());
    walk(where, t.getCause(), seen);
    for (Throwable s : t.getSuppressed()) {
      walk(where, s, seen);
    }
  }

  /**
   * Returns how many texts were scanned, so a test can show it scanned what it meant to.
   *
   * @return the number of {@link #leaksIn} calls (including those made by {@code assertClean})
   */
  public int scans() {
    return scans;
  }

  /**
   * Returns how many secret forms are searched for.
   *
   * @return the number of distinct forms
   */
  public int forms() {
    return forms.size();
  }
}

package io.phat4j.core;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Secret bytes (a private key, a decrypted value) that never show up in logs.
 *
 * <p>The bytes are copied in and out, never aliased. {@code toString()} prints only the length.
 * Equality is constant time. Reading the raw value is one explicit, greppable call:
 * {@link #revealBytes()}.
 *
 * <p>Immutable and thread-safe (until {@link #destroy()}, which callers use when they are done).
 */
public final class SecretBytes {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies the given bytes into a new secret.
   *
   * @param bytes the secret value; the caller may wipe its own array afterwards
   * @return the secret
   */
  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(bytes.clone());
  }

  /**
   * Parses a hex secret. Errors name the field but never echo the text.
   *
   * @param field the field name for error messages
   * @param hex the hex text, with or without {@code 0x}
   * @param length the required length in bytes, or -1 for any
   * @return the secret
   * @throws DecodeException if the text is not hex of the right length
   */
  public static SecretBytes fromHex(String field, String hex, int length) {
    return new SecretBytes(length < 0 ? Hex.decode(field, hex) : Hex.decode(field, hex, length));
  }

  /**
   * Returns a copy of the secret. Keep the copy short-lived and wipe it when done.
   *
   * @return a fresh array holding the secret
   * @throws IllegalStateException if the secret was destroyed
   */
  public byte[] revealBytes() {
    if (destroyed) {
      throw new IllegalStateException("secret was destroyed");
    }
    return bytes.clone();
  }

  /**
   * Returns the length of the secret.
   *
   * @return the number of bytes
   */
  public int length() {
    return bytes.length;
  }

  /** Overwrites the secret with zeros; later reads fail. */
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretBytes other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    // Constant: a content hash would leak information about the secret.
    return SecretBytes.class.hashCode();
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes, redacted]";
  }
}

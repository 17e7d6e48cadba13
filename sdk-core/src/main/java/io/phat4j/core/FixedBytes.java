package io.phat4j.core;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A byte string whose length is part of its meaning (a 32-byte hash, a 20-byte app id, a 48-byte
 * measurement).
 *
 * <p>Instances are immutable: the bytes are copied on the way in and out. Two values are equal
 * when they are of the same class and hold the same bytes; the comparison is constant time.
 * {@code toString()} is the lowercase hex, since these values are public identifiers, not secrets.
 */
public abstract class FixedBytes {
  private final byte[] bytes;

  /**
   * Copies and checks the bytes.
   *
   * @param field the field name for error messages
   * @param bytes the value
   * @param length the required length
   * @throws DecodeException if {@code bytes} is not exactly {@code length} long
   */
  protected FixedBytes(String field, byte[] bytes, int length) {
    if (bytes == null) {
      throw new DecodeException(field, "is missing (null)");
    }
    if (bytes.length != length) {
      throw new DecodeException(field, "must be " + length + " bytes, got " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  /**
   * Returns a copy of the bytes.
   *
   * @return a fresh array the caller may modify
   */
  public final byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * Returns the number of bytes.
   *
   * @return the fixed length of this type
   */
  public final int length() {
    return bytes.length;
  }

  /**
   * Returns the value as lowercase hex without a prefix.
   *
   * @return the hex string
   */
  public final String hex() {
    return Hex.encode(bytes);
  }

  /**
   * Compares the bytes with a plain array in constant time.
   *
   * @param other the bytes to compare with
   * @return {@code true} if they are the same bytes
   */
  public final boolean contentEquals(byte[] other) {
    return MessageDigest.isEqual(bytes, other);
  }

  /** Gives subclasses read access without a copy; never hand this array out. */
  protected final byte[] unsafeBytes() {
    return bytes;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && MessageDigest.isEqual(bytes, ((FixedBytes) o).bytes);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}

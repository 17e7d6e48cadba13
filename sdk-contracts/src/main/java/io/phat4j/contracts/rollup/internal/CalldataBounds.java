package io.phat4j.contracts.rollup.internal;

import io.phat4j.core.DecodeException;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Bounds checks on ABI-encoded input before web3j decodes it, so that malformed input fails
 * with the name and offset of the field at fault, and so that a small input cannot make the
 * decoder allocate far more than its own size.
 */
public final class CalldataBounds {
  private final byte[] data;
  private final long base;

  /**
   * Wraps an ABI-encoded area.
   *
   * @param data the area (the head starts at index 0)
   * @param base the area's offset in the outer input, for error messages
   */
  public CalldataBounds(byte[] data, long base) {
    this.data = data;
    this.base = base;
  }

  /**
   * Reads the word at {@code at} as a non-negative int that must be at most {@code max}.
   *
   * @param field the field the word belongs to
   * @param at the word's offset in the area
   * @param max the largest acceptable value
   * @return the value
   */
  public int word(String field, long at, long max) {
    if (at < 0 || at + 32 > data.length) {
      throw new DecodeException(field, base + at, "the input ends before this 32-byte word", null);
    }
    BigInteger v = new BigInteger(1, Arrays.copyOfRange(data, (int) at, (int) at + 32));
    if (v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new DecodeException(field, base + at, "value " + v + " is out of bounds (max " + max + ")", null);
    }
    return v.intValueExact();
  }

  /**
   * Checks a {@code bytes[]} whose head word is at {@code headAt}: the offsets and lengths of
   * the array and of every element lie inside the area.
   *
   * @param field the field name
   * @param headAt where the array's offset word is
   */
  public void checkBytesArray(String field, long headAt) {
    int arrayAt = word(field, headAt, data.length - 32L);
    int count = word(field + ".length", arrayAt, (data.length - arrayAt - 32L) / 32);
    long elements = arrayAt + 32L;
    long total = 0;
    for (int i = 0; i < count; i++) {
      String item = field + "[" + i + "]";
      long at = elements + word(item, elements + 32L * i, data.length - elements - 32);
      total += checkBytes(item, at) - at - 32;
      // Canonical encodings never exceed their own size; aliased elements could multiply it.
      if (total > data.length) {
        throw new DecodeException(item, base + at, "the elements' total length exceeds the input", null);
      }
    }
  }

  /**
   * Checks a {@code bytes} value whose length word is at {@code at}.
   *
   * @param field the field name
   * @param at where the length word is
   * @return the offset just after the content
   */
  public long checkBytes(String field, long at) {
    int length = word(field + ".length", at, data.length - at - 32);
    return at + 32 + length;
  }

  /**
   * Returns the area's size.
   *
   * @return the number of bytes
   */
  public int size() {
    return data.length;
  }
}

package io.phat4j.attestation.dcap.internal;

import java.util.Arrays;

/** Little-endian reads and slice copies over a byte array; callers have checked the bounds. */
public final class Le {
  private Le() {}

  /**
   * Reads an unsigned 16-bit little-endian value.
   *
   * @param b the array
   * @param off the offset
   * @return the value
   */
  public static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  /**
   * Reads an unsigned 32-bit little-endian value.
   *
   * @param b the array
   * @param off the offset
   * @return the value
   */
  public static long u32(byte[] b, int off) {
    return (u16(b, off) | (long) u16(b, off + 2) << 16) & 0xffffffffL;
  }

  /**
   * Copies a slice.
   *
   * @param b the array
   * @param off the offset
   * @param len the length
   * @return a fresh array
   */
  public static byte[] slice(byte[] b, int off, int len) {
    return Arrays.copyOfRange(b, off, off + len);
  }

  /**
   * Tells whether every byte of a slice is zero.
   *
   * @param b the array
   * @param off the offset
   * @param len the length
   * @return {@code true} if all zero
   */
  public static boolean allZero(byte[] b, int off, int len) {
    int acc = 0;
    for (int i = off; i < off + len; i++) {
      acc |= b[i];
    }
    return acc == 0;
  }
}

package io.phat4j.testkit.internal;

import java.io.ByteArrayOutputStream;

/** Appends little-endian integers and raw bytes; the quote format is little-endian throughout. */
public final class LittleEndianWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /**
   * Appends a 16-bit value.
   *
   * @param value the value; only the low 16 bits are written
   * @return this writer
   */
  public LittleEndianWriter u16(int value) {
    out.write(value & 0xff);
    out.write((value >>> 8) & 0xff);
    return this;
  }

  /**
   * Appends a 32-bit value.
   *
   * @param value the value
   * @return this writer
   */
  public LittleEndianWriter u32(long value) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
    return this;
  }

  /**
   * Appends bytes as they are.
   *
   * @param bytes the bytes
   * @return this writer
   */
  public LittleEndianWriter bytes(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  /**
   * Returns the number of bytes written so far.
   *
   * @return the size
   */
  public int size() {
    return out.size();
  }

  /**
   * Returns everything written.
   *
   * @return a fresh array
   */
  public byte[] toByteArray() {
    return out.toByteArray();
  }
}

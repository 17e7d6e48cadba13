package io.phat4j.attestation.gpu.internal;

import io.phat4j.attestation.gpu.GpuEvidenceFormatException;
import java.util.Arrays;

/**
 * Reads little-endian fields from a byte array within a limit; every read names its field and
 * fails with a {@link GpuEvidenceFormatException} at the absolute offset when bytes are missing.
 */
public final class ByteCursor {
  private final byte[] data;
  private final int limit;
  private int pos;

  /**
   * Reads all of {@code data}.
   *
   * @param data the input (not copied; the caller keeps it unchanged)
   */
  public ByteCursor(byte[] data) {
    this(data, 0, data.length);
  }

  private ByteCursor(byte[] data, int start, int limit) {
    this.data = data;
    this.pos = start;
    this.limit = limit;
  }

  /** Returns the absolute offset of the next byte. */
  public int position() {
    return pos;
  }

  /** Returns how many bytes remain before the limit. */
  public int remaining() {
    return limit - pos;
  }

  private void need(String field, int n) {
    if (n < 0 || remaining() < n) {
      throw new GpuEvidenceFormatException(
          field, pos, "needs " + n + " bytes but only " + remaining() + " remain");
    }
  }

  /** Reads one unsigned byte. */
  public int u8(String field) {
    need(field, 1);
    return data[pos++] & 0xff;
  }

  /** Reads an unsigned 16-bit little-endian integer. */
  public int u16(String field) {
    need(field, 2);
    int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
    pos += 2;
    return v;
  }

  /** Reads an unsigned 24-bit little-endian integer. */
  public int u24(String field) {
    need(field, 3);
    int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16;
    pos += 3;
    return v;
  }

  /** Reads {@code n} bytes into a new array. */
  public byte[] bytes(String field, int n) {
    need(field, n);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  /** Returns a cursor over the next {@code n} bytes (same absolute offsets) and skips them here. */
  public ByteCursor slice(String field, int n) {
    need(field, n);
    ByteCursor sub = new ByteCursor(data, pos, pos + n);
    pos += n;
    return sub;
  }

  /** Fails unless every byte up to the limit was read. */
  public void expectEnd(String field) {
    if (remaining() != 0) {
      throw new GpuEvidenceFormatException(field, pos, remaining() + " unexpected trailing bytes");
    }
  }
}

package io.phat4j.attestation.ratls.internal;

import io.phat4j.core.DecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded reader of the SCALE encoding (Parity's codec, which dstack's v0 attestation uses):
 * little-endian integers, compact lengths and length-prefixed byte strings. Every declared length
 * is checked against the bytes left, so hostile input cannot make it allocate more than it holds.
 */
public final class ScaleReader {
  private final String field;
  private final byte[] buf;
  private int pos;

  /**
   * Creates a reader over the whole array.
   *
   * @param field the name used in error messages
   * @param buf the encoded bytes (not copied; the caller keeps them unchanged)
   */
  public ScaleReader(String field, byte[] buf) {
    this.field = field;
    this.buf = buf;
  }

  /** Returns the current offset. */
  public int position() {
    return pos;
  }

  /** Returns how many bytes are left. */
  public int remaining() {
    return buf.length - pos;
  }

  /** Reads one byte as an unsigned value. */
  public int u8(String what) {
    need(what, 1);
    return buf[pos++] & 0xff;
  }

  /** Reads a little-endian u32 as a non-negative long. */
  public long u32(String what) {
    need(what, 4);
    long v = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16 | (buf[pos + 3] & 0xffL) << 24;
    pos += 4;
    return v;
  }

  /**
   * Reads a compact-encoded length and checks it is at most the bytes left (every element of a
   * collection takes at least one byte).
   */
  public int length(String what) {
    int start = pos;
    int first = u8(what);
    long value;
    switch (first & 3) {
      case 0 -> value = first >>> 2;
      case 1 -> {
        need(what, 1);
        value = ((first & 0xff) | (buf[pos++] & 0xff) << 8) >>> 2;
      }
      case 2 -> {
        pos--;
        value = u32(what) >>> 2;
      }
      default -> {
        int n = (first >>> 2) + 4;
        if (n > 4) {
          throw error(what, start, "compact length of " + n + " bytes is out of range");
        }
        value = u32(what);
      }
    }
    if (value > remaining()) {
      throw error(what, start, "declared length " + value + " exceeds the " + remaining() + " bytes left");
    }
    return (int) value;
  }

  /** Reads a length-prefixed byte string ({@code Vec<u8>}). */
  public byte[] bytes(String what) {
    int n = length(what);
    return fixed(what, n);
  }

  /** Reads exactly {@code n} bytes ({@code [u8; n]}). */
  public byte[] fixed(String what, int n) {
    need(what, n);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /** Reads a length-prefixed UTF-8 string; malformed UTF-8 is an error. */
  public String string(String what) {
    int start = pos;
    byte[] raw = bytes(what);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw error(what, start, "not UTF-8");
    }
  }

  /** Fails unless every byte was read. */
  public void end() {
    if (pos != buf.length) {
      throw error("end", pos, (buf.length - pos) + " trailing bytes");
    }
  }

  private void need(String what, int n) {
    if (n < 0 || n > buf.length - pos) {
      throw error(what, pos, "needs " + n + " bytes, " + (buf.length - pos) + " left");
    }
  }

  /** An error naming this reader's field, the part being read and the offset. */
  public DecodeException error(String what, int offset, String problem) {
    return new DecodeException(field + "." + what, offset, problem, null);
  }
}

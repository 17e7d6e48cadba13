package io.phat4j.attestation.ratls.internal;

import io.phat4j.core.DecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A bounded MessagePack decoder into plain Java values, for dstack's v1 attestation (which
 * {@code rmp_serde} writes with named struct fields).
 *
 * <p>Values: {@code null}, {@link Boolean}, {@link Long} (integers that fit), {@link Double},
 * {@link String}, {@code byte[]} (bin), {@link List} and {@link Map} with {@link String} keys. Every
 * declared count is checked against the bytes left before anything is allocated, nesting is
 * limited, duplicate map keys and extension types are rejected. A general library's tree reader
 * allocates what a header declares, which a certificate extension must not be able to ask for.
 */
public final class MsgpackReader {
  private static final int MAX_DEPTH = 24;

  private final String field;
  private final byte[] buf;
  private int pos;

  private MsgpackReader(String field, byte[] buf) {
    this.field = field;
    this.buf = buf;
  }

  /**
   * Decodes exactly one value that spans the whole input.
   *
   * @param field the name used in error messages
   * @param bytes the encoded value
   * @return the decoded value
   * @throws DecodeException if the input is malformed, nested too deep or has trailing bytes
   */
  public static @Nullable Object read(String field, byte[] bytes) {
    MsgpackReader r = new MsgpackReader(field, bytes);
    Object value = r.value(0);
    if (r.pos != bytes.length) {
      throw r.error(r.pos, (bytes.length - r.pos) + " trailing bytes");
    }
    return value;
  }

  private @Nullable Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error(pos, "nested deeper than " + MAX_DEPTH);
    }
    int start = pos;
    int b = u8();
    if (b <= 0x7f) {
      return (long) b;
    }
    if (b >= 0xe0) {
      return (long) (byte) b;
    }
    if (b >= 0x80 && b <= 0x8f) {
      return map(b & 0x0f, depth);
    }
    if (b >= 0x90 && b <= 0x9f) {
      return array(b & 0x0f, depth);
    }
    if (b >= 0xa0 && b <= 0xbf) {
      return string(b & 0x1f, start);
    }
    return switch (b) {
      case 0xc0 -> null;
      case 0xc2 -> Boolean.FALSE;
      case 0xc3 -> Boolean.TRUE;
      case 0xc4 -> bytes(u8());
      case 0xc5 -> bytes(u16());
      case 0xc6 -> bytes(count());
      case 0xca -> (double) Float.intBitsToFloat((int) uint(4));
      case 0xcb -> Double.longBitsToDouble(uint(8));
      case 0xcc -> (long) u8();
      case 0xcd -> (long) u16();
      case 0xce -> uint(4);
      case 0xcf -> {
        long v = uint(8);
        if (v < 0) {
          throw error(start, "uint64 beyond the signed 64-bit range");
        }
        yield v;
      }
      case 0xd0 -> (long) (byte) u8();
      case 0xd1 -> (long) (short) u16();
      case 0xd2 -> (long) (int) uint(4);
      case 0xd3 -> uint(8);
      case 0xd9 -> string(u8(), start);
      case 0xda -> string(u16(), start);
      case 0xdb -> string(count(), start);
      case 0xdc -> array(u16(), depth);
      case 0xdd -> array(count(), depth);
      case 0xde -> map(u16(), depth);
      case 0xdf -> map(count(), depth);
      default -> throw error(start, String.format("unsupported type byte 0x%02x", b));
    };
  }

  private List<@Nullable Object> array(int n, int depth) {
    ensure(n);
    List<@Nullable Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(value(depth + 1));
    }
    return Collections.unmodifiableList(out);
  }

  private Map<String, @Nullable Object> map(int n, int depth) {
    ensure(2L * n);
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int keyAt = pos;
      if (!(value(depth + 1) instanceof String key)) {
        throw error(keyAt, "map key is not a string");
      }
      if (out.containsKey(key)) {
        throw error(keyAt, "duplicate map key \"" + key + "\"");
      }
      out.put(key, value(depth + 1));
    }
    return Collections.unmodifiableMap(out);
  }

  private byte[] bytes(int n) {
    ensure(n);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  private String string(int n, int start) {
    byte[] raw = bytes(n);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw error(start, "string is not UTF-8");
    }
  }

  private int count() {
    int at = pos;
    long n = uint(4);
    if (n > Integer.MAX_VALUE) {
      throw error(at, "count " + n + " is out of range");
    }
    return (int) n;
  }

  private void ensure(long n) {
    if (n > buf.length - pos) {
      throw error(pos, "declares " + n + " bytes or elements, " + (buf.length - pos) + " bytes left");
    }
  }

  private int u8() {
    ensure(1);
    return buf[pos++] & 0xff;
  }

  private int u16() {
    return (int) uint(2);
  }

  private long uint(int n) {
    ensure(n);
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = v << 8 | (buf[pos++] & 0xffL);
    }
    return v;
  }

  private DecodeException error(int offset, String problem) {
    return new DecodeException(field, offset, problem, null);
  }
}

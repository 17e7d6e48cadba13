package io.phat4j.core;

import java.util.HexFormat;

/**
 * Strict hexadecimal encoding and decoding.
 *
 * <p>Decoding accepts upper- and lowercase digits and an optional {@code 0x} prefix, and nothing
 * else: no whitespace, no odd length. Every failure is a {@link DecodeException} that names the
 * field and the character position, so a caller can tell which of several inputs was wrong.
 * Encoding always produces lowercase without a prefix.
 *
 * <p>Thread-safe: all methods are static and pure.
 */
public final class Hex {
  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  /**
   * Encodes bytes as lowercase hex without a prefix.
   *
   * @param bytes the bytes to encode
   * @return the hex string, two characters per byte
   */
  public static String encode(byte[] bytes) {
    return LOWER.formatHex(bytes);
  }

  /**
   * Encodes bytes as lowercase hex with a {@code 0x} prefix.
   *
   * @param bytes the bytes to encode
   * @return {@code "0x"} followed by the hex
   */
  public static String encode0x(byte[] bytes) {
    return "0x" + LOWER.formatHex(bytes);
  }

  /**
   * Decodes hex of any even length.
   *
   * @param field the name of the field, used in error messages
   * @param hex the hex text, with or without a {@code 0x} prefix
   * @return the decoded bytes
   * @throws DecodeException if the text has an odd length or a non-hex character
   */
  public static byte[] decode(String field, String hex) {
    if (hex == null) {
      throw new DecodeException(field, "is missing (null)");
    }
    int start = hex.startsWith("0x") || hex.startsWith("0X") ? 2 : 0;
    int digits = hex.length() - start;
    if ((digits & 1) != 0) {
      throw new DecodeException(field, "hex has an odd number of digits (" + digits + ")");
    }
    byte[] out = new byte[digits / 2];
    for (int i = 0; i < out.length; i++) {
      int pos = start + 2 * i;
      int hi = digit(field, hex, pos);
      int lo = digit(field, hex, pos + 1);
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /**
   * Decodes hex that must encode exactly {@code length} bytes.
   *
   * @param field the name of the field, used in error messages
   * @param hex the hex text, with or without a {@code 0x} prefix
   * @param length the required number of bytes
   * @return the decoded bytes, exactly {@code length} long
   * @throws DecodeException if the text is not valid hex or has the wrong length
   */
  public static byte[] decode(String field, String hex, int length) {
    byte[] out = decode(field, hex);
    if (out.length != length) {
      throw new DecodeException(
          field, "must be " + length + " bytes (" + 2 * length + " hex digits), got " + out.length + " bytes");
    }
    return out;
  }

  private static int digit(String field, String hex, int pos) {
    char c = hex.charAt(pos);
    int v = Character.digit(c, 16);
    // Character.digit also accepts non-ASCII digits; hex on the wire is ASCII only.
    if (v < 0 || c > 'f') {
      throw new DecodeException(
          field, "invalid hex character " + printable(c) + " at position " + pos);
    }
    return v;
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}

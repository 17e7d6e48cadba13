package io.phat4j.core;

/**
 * A 48-byte TDX measurement register value (MRTD, RTMR0–3) or SHA-384 digest.
 *
 * <p>Immutable and thread-safe; equality is by content.
 */
public final class Measurement extends FixedBytes {
  /** The length in bytes. */
  public static final int LENGTH = 48;

  private Measurement(String field, byte[] bytes) {
    super(field, bytes, LENGTH);
  }

  /**
   * Wraps a copy of exactly {@value #LENGTH} bytes.
   *
   * @param bytes the value
   * @return the typed value
   * @throws DecodeException if the length is wrong
   */
  public static Measurement of(byte[] bytes) {
    return new Measurement("measurement", bytes);
  }

  /**
   * Parses {@value #LENGTH} bytes of hex, with or without {@code 0x}.
   *
   * @param hex the hex text
   * @return the typed value
   * @throws DecodeException if the text is not hex of the right length
   */
  public static Measurement fromHex(String hex) {
    return fromHex("measurement", hex);
  }

  /**
   * Parses {@value #LENGTH} bytes of hex, naming the field in any error.
   *
   * @param field the field name for error messages
   * @param hex the hex text
   * @return the typed value
   * @throws DecodeException if the text is not hex of the right length
   */
  public static Measurement fromHex(String field, String hex) {
    return new Measurement(field, Hex.decode(field, hex, LENGTH));
  }
}

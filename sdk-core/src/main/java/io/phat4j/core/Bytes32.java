package io.phat4j.core;

/**
 * A 32-byte value: a SHA-256 digest, a keccak256 hash, a compose hash.
 *
 * <p>Immutable and thread-safe; equality is by content.
 */
public final class Bytes32 extends FixedBytes {
  /** The length in bytes. */
  public static final int LENGTH = 32;

  private Bytes32(String field, byte[] bytes) {
    super(field, bytes, LENGTH);
  }

  /**
   * Wraps a copy of exactly {@value #LENGTH} bytes.
   *
   * @param bytes the value
   * @return the typed value
   * @throws DecodeException if the length is wrong
   */
  public static Bytes32 of(byte[] bytes) {
    return new Bytes32("bytes32", bytes);
  }

  /**
   * Parses {@value #LENGTH} bytes of hex, with or without {@code 0x}.
   *
   * @param hex the hex text
   * @return the typed value
   * @throws DecodeException if the text is not hex of the right length
   */
  public static Bytes32 fromHex(String hex) {
    return fromHex("bytes32", hex);
  }

  /**
   * Parses {@value #LENGTH} bytes of hex, naming the field in any error.
   *
   * @param field the field name for error messages
   * @param hex the hex text
   * @return the typed value
   * @throws DecodeException if the text is not hex of the right length
   */
  public static Bytes32 fromHex(String field, String hex) {
    return new Bytes32(field, Hex.decode(field, hex, LENGTH));
  }
}

package io.phat4j.core;

/**
 * A dstack app id: 20 bytes, by default the first 20 bytes of the compose hash, or the address of the app's {@code DstackApp} contract.
 *
 * <p>Immutable and thread-safe; equality is by content.
 */
public final class AppId extends FixedBytes {
  /** The length in bytes. */
  public static final int LENGTH = 20;

  private AppId(String field, byte[] bytes) {
    super(field, bytes, LENGTH);
  }

  /**
   * Wraps a copy of exactly {@value #LENGTH} bytes.
   *
   * @param bytes the value
   * @return the typed value
   * @throws DecodeException if the length is wrong
   */
  public static AppId of(byte[] bytes) {
    return new AppId("app_id", bytes);
  }

  /**
   * Parses {@value #LENGTH} bytes of hex, with or without {@code 0x}.
   *
   * @param hex the hex text
   * @return the typed value
   * @throws DecodeException if the text is not hex of the right length
   */
  public static AppId fromHex(String hex) {
    return fromHex("app_id", hex);
  }

  /**
   * Parses {@value #LENGTH} bytes of hex, naming the field in any error.
   *
   * @param field the field name for error messages
   * @param hex the hex text
   * @return the typed value
   * @throws DecodeException if the text is not hex of the right length
   */
  public static AppId fromHex(String field, String hex) {
    return new AppId(field, Hex.decode(field, hex, LENGTH));
  }
}

package io.phat4j.core.crypto;

import io.phat4j.core.DecodeException;
import io.phat4j.core.FixedBytes;
import io.phat4j.core.Hex;

/**
 * An X25519 public key (RFC 7748): exactly 32 bytes, the u-coordinate in little-endian order.
 *
 * <p>Used for dstack env encryption (the app's env-encrypt key) and as the HPKE recipient key. Any
 * 32 bytes are accepted here; keys of small order are rejected when a shared secret is computed,
 * because their shared secret is all zeros.
 *
 * <p>Immutable and thread-safe; equality is by content and constant time. {@code toString()} is
 * the lowercase hex, since public keys are not secret.
 */
public final class X25519PublicKey extends FixedBytes {
  /** The length in bytes. */
  public static final int LENGTH = 32;

  private X25519PublicKey(String field, byte[] bytes) {
    super(field, bytes, LENGTH);
  }

  /**
   * Wraps a copy of exactly {@value #LENGTH} bytes.
   *
   * @param bytes the raw key
   * @return the typed key
   * @throws DecodeException if the length is wrong
   */
  public static X25519PublicKey of(byte[] bytes) {
    return new X25519PublicKey("x25519_public_key", bytes);
  }

  /**
   * Parses {@value #LENGTH} bytes of hex, with or without {@code 0x}.
   *
   * @param hex the hex text
   * @return the typed key
   * @throws DecodeException if the text is not hex of the right length
   */
  public static X25519PublicKey fromHex(String hex) {
    return fromHex("x25519_public_key", hex);
  }

  /**
   * Parses {@value #LENGTH} bytes of hex, naming the field in any error.
   *
   * @param field the field name for error messages (e.g. {@code "public_key"})
   * @param hex the hex text, with or without {@code 0x}
   * @return the typed key
   * @throws DecodeException if the text is not hex of the right length
   */
  public static X25519PublicKey fromHex(String field, String hex) {
    return new X25519PublicKey(field, Hex.decode(field, hex, LENGTH));
  }

  /** Read access without a copy for this package's hot paths; never hand the array out. */
  byte[] rawBytes() {
    return unsafeBytes();
  }
}

package io.phat4j.core.crypto;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;
import org.web3j.crypto.Sign;

/**
 * A secp256k1 public key (a point on the curve), such as a dstack KMS root key.
 *
 * <p>Accepts the SEC1 encodings: 33-byte compressed ({@code 02}/{@code 03} prefix) or 65-byte
 * uncompressed ({@code 04} prefix). The point is checked to lie on the curve when the key is made.
 * Two keys are equal when they are the same point, whatever encoding they came from; the comparison
 * is constant time.
 *
 * <p>Immutable and thread-safe. {@code toString()} is the compressed {@code 0x} hex.
 */
public final class Secp256k1PublicKey {
  /** Length of the SEC1 compressed encoding. */
  public static final int COMPRESSED_LENGTH = 33;

  /** Length of the SEC1 uncompressed encoding. */
  public static final int UNCOMPRESSED_LENGTH = 65;

  private final byte[] compressed;
  private final byte[] uncompressed;

  private Secp256k1PublicKey(ECPoint point) {
    ECPoint normal = point.normalize();
    this.compressed = normal.getEncoded(true);
    this.uncompressed = normal.getEncoded(false);
  }

  /**
   * Decodes a SEC1 point, compressed or uncompressed, and checks that it is on the curve.
   *
   * @param encoded 33 or 65 bytes
   * @return the key
   * @throws DecodeException if the length or prefix is wrong or the point is not on the curve
   */
  public static Secp256k1PublicKey of(byte[] encoded) {
    return decode("secp256k1_public_key", encoded);
  }

  /**
   * Parses a hex SEC1 point, with or without {@code 0x}.
   *
   * @param hex 66 or 130 hex digits
   * @return the key
   * @throws DecodeException if the text is not hex or not a valid point
   */
  public static Secp256k1PublicKey fromHex(String hex) {
    return fromHex("secp256k1_public_key", hex);
  }

  /**
   * Parses a hex SEC1 point, naming the field in any error.
   *
   * @param field the field name for error messages
   * @param hex 66 or 130 hex digits, with or without {@code 0x}
   * @return the key
   * @throws DecodeException if the text is not hex or not a valid point
   */
  public static Secp256k1PublicKey fromHex(String field, String hex) {
    return decode(field, Hex.decode(field, hex));
  }

  private static Secp256k1PublicKey decode(String field, byte[] encoded) {
    if (encoded == null) {
      throw new DecodeException(field, "is missing (null)");
    }
    int prefix = encoded.length == 0 ? -1 : encoded[0] & 0xff;
    boolean shapeOk =
        (encoded.length == COMPRESSED_LENGTH && (prefix == 0x02 || prefix == 0x03))
            || (encoded.length == UNCOMPRESSED_LENGTH && prefix == 0x04);
    if (!shapeOk) {
      throw new DecodeException(
          field,
          "must be a SEC1 point: 33 bytes starting 02/03 or 65 bytes starting 04, got "
              + encoded.length
              + " bytes");
    }
    ECPoint point;
    try {
      // decodePoint checks that the coordinates satisfy the curve equation.
      point = Sign.CURVE_PARAMS.getCurve().decodePoint(encoded);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(field, 0, "is not a point on secp256k1", e);
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new DecodeException(field, 0, "is not a valid point on secp256k1", null);
    }
    return new Secp256k1PublicKey(point);
  }

  /** Builds a key from web3j's 64-byte x‖y integer form. */
  static Secp256k1PublicKey fromWeb3jInteger(java.math.BigInteger xy) {
    byte[] raw = new byte[UNCOMPRESSED_LENGTH];
    raw[0] = 0x04;
    byte[] mag = xy.toByteArray();
    int len = Math.min(mag.length, 64);
    System.arraycopy(mag, mag.length - len, raw, UNCOMPRESSED_LENGTH - len, len);
    return of(raw);
  }

  /**
   * Returns the 33-byte SEC1 compressed encoding.
   *
   * @return a fresh array
   */
  public byte[] compressed() {
    return compressed.clone();
  }

  /**
   * Returns the 65-byte SEC1 uncompressed encoding.
   *
   * @return a fresh array
   */
  public byte[] uncompressed() {
    return uncompressed.clone();
  }

  /**
   * Returns the compressed encoding as {@code "0x"} plus 66 lowercase hex digits, the form the
   * dstack SDKs print.
   *
   * @return the hex text
   */
  public String compressedHex0x() {
    return Hex.encode0x(compressed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secp256k1PublicKey other
        && MessageDigest.isEqual(compressed, other.compressed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(compressed);
  }

  @Override
  public String toString() {
    return compressedHex0x();
  }
}

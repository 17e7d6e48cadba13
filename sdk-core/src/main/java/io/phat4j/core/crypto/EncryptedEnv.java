package io.phat4j.core.crypto;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An encrypted env blob in dstack's format: {@code ephemeral_pk(32) ‖ iv(12) ‖ ciphertext ‖
 * tag(16)}.
 *
 * <p>This is what goes into the {@code encrypted_env} field (as {@link #hex()}, lowercase, no
 * {@code 0x}) and what the CVM stores as raw bytes. It is ciphertext, so printing it is safe.
 *
 * <p>Immutable and thread-safe; equality is by content.
 */
public final class EncryptedEnv {
  /** Length of the ephemeral X25519 public key at the start. */
  public static final int EPHEMERAL_KEY_LENGTH = 32;

  /** Length of the AES-GCM IV after the ephemeral key. */
  public static final int IV_LENGTH = 12;

  /** Length of the AES-GCM tag at the end. */
  public static final int TAG_LENGTH = 16;

  /** The shortest valid blob: key, IV and tag around an empty ciphertext. */
  public static final int MIN_LENGTH = EPHEMERAL_KEY_LENGTH + IV_LENGTH + TAG_LENGTH;

  private final byte[] bytes;

  private EncryptedEnv(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps a copy of an encrypted blob.
   *
   * @param bytes the blob
   * @return the typed value
   * @throws DecodeException if it is shorter than {@value #MIN_LENGTH} bytes
   */
  public static EncryptedEnv of(byte[] bytes) {
    if (bytes == null) {
      throw new DecodeException("encrypted_env", "is missing (null)");
    }
    if (bytes.length < MIN_LENGTH) {
      throw new DecodeException(
          "encrypted_env",
          bytes.length,
          "is truncated: need at least "
              + MIN_LENGTH
              + " bytes (32 key + 12 IV + 16 tag), got "
              + bytes.length,
          null);
    }
    return new EncryptedEnv(bytes.clone());
  }

  /**
   * Parses the hex form, with or without {@code 0x}.
   *
   * @param hex the hex text
   * @return the typed value
   * @throws DecodeException if the text is not hex or the blob is too short
   */
  public static EncryptedEnv fromHex(String hex) {
    return of(Hex.decode("encrypted_env", hex));
  }

  /** Takes ownership of an array built in this package. */
  static EncryptedEnv wrap(byte[] bytes) {
    return new EncryptedEnv(bytes);
  }

  /**
   * Returns the blob as lowercase hex without {@code 0x}, the {@code encrypted_env} wire form.
   *
   * @return the hex text
   */
  public String hex() {
    return Hex.encode(bytes);
  }

  /**
   * Returns a copy of the raw blob.
   *
   * @return a fresh array
   */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * Returns the ephemeral public key the sender used.
   *
   * @return the first 32 bytes as a key
   */
  public X25519PublicKey ephemeralPublicKey() {
    return X25519PublicKey.of(Arrays.copyOfRange(bytes, 0, EPHEMERAL_KEY_LENGTH));
  }

  /**
   * Returns the AES-GCM IV.
   *
   * @return the 12 bytes after the ephemeral key
   */
  public byte[] iv() {
    return Arrays.copyOfRange(bytes, EPHEMERAL_KEY_LENGTH, EPHEMERAL_KEY_LENGTH + IV_LENGTH);
  }

  /** Read access without a copy for this package; never hand the array out. */
  byte[] rawBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptedEnv other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "EncryptedEnv[" + bytes.length + " bytes]";
  }
}

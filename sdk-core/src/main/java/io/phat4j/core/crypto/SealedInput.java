package io.phat4j.core.crypto;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An HPKE-sealed message: the 32-byte encapsulated key {@code enc} followed by the AEAD ciphertext
 * (with its 16-byte tag).
 *
 * <p>Immutable and thread-safe; equality is by content. Ciphertext is not secret, so
 * {@code toString()} shows the sizes.
 */
public final class SealedInput {
  /** Length of the encapsulated key for DHKEM(X25519). */
  public static final int ENCAPSULATED_KEY_LENGTH = 32;

  /** Length of the AES-GCM tag. */
  public static final int TAG_LENGTH = 16;

  private final byte[] encapsulatedKey;
  private final byte[] ciphertext;

  private SealedInput(byte[] encapsulatedKey, byte[] ciphertext) {
    this.encapsulatedKey = encapsulatedKey;
    this.ciphertext = ciphertext;
  }

  /**
   * Splits {@code enc ‖ ciphertext}.
   *
   * @param bytes the sealed message
   * @return the typed value
   * @throws DecodeException if it is shorter than the encapsulated key plus a tag
   */
  public static SealedInput of(byte[] bytes) {
    if (bytes == null) {
      throw new DecodeException("sealed_input", "is missing (null)");
    }
    if (bytes.length < ENCAPSULATED_KEY_LENGTH + TAG_LENGTH) {
      throw new DecodeException(
          "sealed_input",
          bytes.length,
          "is truncated: need at least "
              + (ENCAPSULATED_KEY_LENGTH + TAG_LENGTH)
              + " bytes (32 enc + 16 tag), got "
              + bytes.length,
          null);
    }
    return new SealedInput(
        Arrays.copyOfRange(bytes, 0, ENCAPSULATED_KEY_LENGTH),
        Arrays.copyOfRange(bytes, ENCAPSULATED_KEY_LENGTH, bytes.length));
  }

  /**
   * Parses the hex form of {@code enc ‖ ciphertext}.
   *
   * @param hex the hex text, with or without {@code 0x}
   * @return the typed value
   * @throws DecodeException if the text is not hex or too short
   */
  public static SealedInput fromHex(String hex) {
    return of(Hex.decode("sealed_input", hex));
  }

  /**
   * Combines an encapsulated key and a ciphertext.
   *
   * @param encapsulatedKey the 32-byte {@code enc}
   * @param ciphertext the ciphertext with tag
   * @return the typed value
   * @throws DecodeException if a length is wrong
   */
  public static SealedInput of(byte[] encapsulatedKey, byte[] ciphertext) {
    if (encapsulatedKey.length != ENCAPSULATED_KEY_LENGTH) {
      throw new DecodeException(
          "enc", "must be " + ENCAPSULATED_KEY_LENGTH + " bytes, got " + encapsulatedKey.length);
    }
    if (ciphertext.length < TAG_LENGTH) {
      throw new DecodeException(
          "ciphertext", "must be at least " + TAG_LENGTH + " bytes, got " + ciphertext.length);
    }
    return new SealedInput(encapsulatedKey.clone(), ciphertext.clone());
  }

  /**
   * Returns the encapsulated key {@code enc} (the sender's ephemeral public key).
   *
   * @return a fresh 32-byte array
   */
  public byte[] encapsulatedKey() {
    return encapsulatedKey.clone();
  }

  /**
   * Returns the ciphertext with its tag.
   *
   * @return a fresh array
   */
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /**
   * Returns {@code enc ‖ ciphertext}, the usual single-blob wire form.
   *
   * @return a fresh array
   */
  public byte[] toByteArray() {
    byte[] out = Arrays.copyOf(encapsulatedKey, encapsulatedKey.length + ciphertext.length);
    System.arraycopy(ciphertext, 0, out, encapsulatedKey.length, ciphertext.length);
    return out;
  }

  /**
   * Returns {@link #toByteArray()} as lowercase hex.
   *
   * @return the hex text
   */
  public String hex() {
    return Hex.encode(toByteArray());
  }

  /** Read access without a copy for this package. */
  byte[] rawEncapsulatedKey() {
    return encapsulatedKey;
  }

  /** Read access without a copy for this package. */
  byte[] rawCiphertext() {
    return ciphertext;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedInput other
        && MessageDigest.isEqual(encapsulatedKey, other.encapsulatedKey)
        && MessageDigest.isEqual(ciphertext, other.ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(encapsulatedKey) + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "SealedInput[enc=32 bytes, ciphertext=" + ciphertext.length + " bytes]";
  }
}

package io.phat4j.core.crypto;

import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.internal.EnvJson;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts a dstack encrypted env with the app's env-encrypt private key, as the CVM does.
 *
 * <p>The inverse of {@link EnvEncryptor}: split {@code ephemeral_pk ‖ iv ‖ ciphertext ‖ tag},
 * compute the X25519 shared secret, and open AES-256-GCM with it as the key.
 *
 * <h2>WARNING</h2>
 *
 * <p>A successful decryption proves only that someone encrypted to this app's public key, not who.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvDecryptor {
  private static final int TAG_BITS = EncryptedEnv.TAG_LENGTH * 8;

  private final X25519PrivateKey key;

  private EnvDecryptor(X25519PrivateKey key) {
    this.key = key;
  }

  /**
   * Creates a decryptor for the app's private key.
   *
   * @param key the app's X25519 env-encrypt private key
   * @return the decryptor
   */
  public static EnvDecryptor create(X25519PrivateKey key) {
    return new EnvDecryptor(Objects.requireNonNull(key, "key"));
  }

  /**
   * Decrypts the hex form and parses the env vars.
   *
   * @param hex the {@code encrypted_env} hex, with or without {@code 0x}
   * @return the env vars in document order
   * @throws DecodeException if the hex is malformed or the plaintext is not env JSON
   * @throws CryptoException if the blob is too short or the tag does not verify (wrong key or
   *     tampered data)
   */
  public List<EnvVar> decrypt(String hex) {
    return decrypt(Hex.decode("encrypted_env", hex));
  }

  /**
   * Decrypts the raw form and parses the env vars.
   *
   * @param encrypted the raw blob
   * @return the env vars in document order
   * @throws DecodeException if the plaintext is not env JSON
   * @throws CryptoException if the blob is too short or the tag does not verify
   */
  public List<EnvVar> decrypt(byte[] encrypted) {
    return decrypt(checkedBlob(encrypted));
  }

  /**
   * Decrypts and parses the env vars.
   *
   * @param encrypted the blob
   * @return the env vars in document order
   * @throws DecodeException if the plaintext is not env JSON
   * @throws CryptoException if the tag does not verify
   */
  public List<EnvVar> decrypt(EncryptedEnv encrypted) {
    byte[] json = decryptJson(encrypted);
    try {
      return EnvJson.read(json);
    } finally {
      Arrays.fill(json, (byte) 0);
    }
  }

  /**
   * Decrypts and returns the plaintext JSON bytes without parsing them. The result is secret: wipe
   * it when done.
   *
   * @param encrypted the blob
   * @return the UTF-8 JSON plaintext
   * @throws CryptoException if the tag does not verify
   */
  public byte[] decryptJson(EncryptedEnv encrypted) {
    byte[] blob = encrypted.rawBytes();
    byte[] epk = Arrays.copyOfRange(blob, 0, EncryptedEnv.EPHEMERAL_KEY_LENGTH);
    byte[] shared = key.agreeRaw(X25519PublicKey.of(epk));
    try {
      return open(shared, blob);
    } finally {
      Arrays.fill(shared, (byte) 0);
    }
  }

  /**
   * Opens IV ‖ ciphertext ‖ tag (after the 32-byte ephemeral key) with AES-256-GCM under the shared
   * secret: the step Wycheproof's AES-GCM vectors exercise.
   */
  static byte[] open(byte[] aesKey, byte[] blob) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(aesKey, "AES"),
          new GCMParameterSpec(
              TAG_BITS, blob, EncryptedEnv.EPHEMERAL_KEY_LENGTH, EncryptedEnv.IV_LENGTH));
      int start = EncryptedEnv.EPHEMERAL_KEY_LENGTH + EncryptedEnv.IV_LENGTH;
      return cipher.doFinal(blob, start, blob.length - start);
    } catch (AEADBadTagException e) {
      throw new CryptoException(
          "encrypted env did not authenticate (AES-GCM tag mismatch): wrong key or tampered data",
          e);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES-256-GCM decryption failed", e);
    }
  }

  /**
   * Decrypts the raw form and returns the plaintext JSON bytes.
   *
   * @param encrypted the raw blob
   * @return the UTF-8 JSON plaintext
   * @throws CryptoException if the blob is too short or the tag does not verify
   */
  public byte[] decryptJson(byte[] encrypted) {
    return decryptJson(checkedBlob(encrypted));
  }

  /** A blob too short to hold key, IV and tag cannot authenticate: a crypto failure, as a bad tag. */
  private static EncryptedEnv checkedBlob(byte[] encrypted) {
    Objects.requireNonNull(encrypted, "encrypted");
    if (encrypted.length < EncryptedEnv.MIN_LENGTH) {
      throw new CryptoException(
          "encrypted_env is too short to decrypt: need at least "
              + EncryptedEnv.MIN_LENGTH
              + " bytes (32 key + 12 IV + 16 tag), got "
              + encrypted.length);
    }
    return EncryptedEnv.of(encrypted);
  }

  @Override
  public String toString() {
    return "EnvDecryptor[" + key + "]";
  }
}

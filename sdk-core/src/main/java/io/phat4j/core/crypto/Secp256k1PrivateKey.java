package io.phat4j.core.crypto;

import io.phat4j.core.DecodeException;
import io.phat4j.core.SecretBytes;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * A secp256k1 private key: a 32-byte scalar in {@code [1, n-1]}.
 *
 * <p>phat4j uses it only to make KMS-style signatures in tests and on a devnet KMS
 * ({@link EnvKeySigner}). The scalar lives in a {@link SecretBytes}; {@code toString()} never shows
 * it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secp256k1PrivateKey {
  /** The length in bytes. */
  public static final int LENGTH = 32;

  private static final BigInteger ORDER = Sign.CURVE_PARAMS.getN();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretBytes secret;
  private final Secp256k1PublicKey publicKey;

  private Secp256k1PrivateKey(byte[] bytes) {
    try {
      BigInteger d = new BigInteger(1, bytes);
      if (d.signum() == 0 || d.compareTo(ORDER) >= 0) {
        throw new DecodeException("secp256k1_private_key", "must be in [1, n-1] for secp256k1");
      }
      this.secret = SecretBytes.copyOf(bytes);
      this.publicKey = Secp256k1PublicKey.of(Sign.publicPointFromPrivate(d).getEncoded(true));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Generates a fresh key.
   *
   * @return a new random key
   */
  public static Secp256k1PrivateKey generate() {
    while (true) {
      byte[] bytes = new byte[LENGTH];
      RANDOM.nextBytes(bytes);
      BigInteger d = new BigInteger(1, bytes);
      if (d.signum() > 0 && d.compareTo(ORDER) < 0) {
        return new Secp256k1PrivateKey(bytes);
      }
    }
  }

  /**
   * Wraps a copy of exactly {@value #LENGTH} secret bytes (big-endian scalar).
   *
   * @param bytes the scalar; the caller may wipe its array afterwards
   * @return the key
   * @throws DecodeException if the length is wrong or the scalar is 0 or not below the group order
   */
  public static Secp256k1PrivateKey of(byte[] bytes) {
    if (bytes == null) {
      throw new DecodeException("secp256k1_private_key", "is missing (null)");
    }
    if (bytes.length != LENGTH) {
      throw new DecodeException(
          "secp256k1_private_key", "must be " + LENGTH + " bytes, got " + bytes.length);
    }
    return new Secp256k1PrivateKey(bytes.clone());
  }

  /**
   * Parses {@value #LENGTH} bytes of hex, with or without {@code 0x}.
   *
   * @param hex the hex text
   * @return the key
   * @throws DecodeException if the text is not hex of the right length or not a valid scalar
   */
  public static Secp256k1PrivateKey fromHex(String hex) {
    SecretBytes parsed = SecretBytes.fromHex("secp256k1_private_key", hex, LENGTH);
    try {
      return new Secp256k1PrivateKey(parsed.revealBytes());
    } finally {
      parsed.destroy();
    }
  }

  /**
   * Returns the matching public key.
   *
   * @return the public key
   */
  public Secp256k1PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Returns the secret scalar. Handle with care.
   *
   * @return the secret, as its own redacting holder
   */
  public SecretBytes secret() {
    return secret;
  }

  /** A web3j key pair for signing; short-lived, never stored. */
  ECKeyPair toWeb3jKeyPair() {
    byte[] d = secret.revealBytes();
    try {
      return ECKeyPair.create(d);
    } finally {
      Arrays.fill(d, (byte) 0);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secp256k1PrivateKey other && secret.equals(other.secret);
  }

  @Override
  public int hashCode() {
    return Secp256k1PrivateKey.class.hashCode();
  }

  @Override
  public String toString() {
    return "Secp256k1PrivateKey[redacted, public=" + publicKey.compressedHex0x() + "]";
  }
}

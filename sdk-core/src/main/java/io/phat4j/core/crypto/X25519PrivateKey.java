package io.phat4j.core.crypto;

import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 private key (RFC 7748): 32 secret bytes, clamped when used, as in every X25519
 * implementation.
 *
 * <p>The bytes live in a {@link SecretBytes}; {@code toString()} never shows them. Reading them is
 * the explicit call {@link #secret()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class X25519PrivateKey {
  /** The length in bytes. */
  public static final int LENGTH = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretBytes secret;
  private final X25519PublicKey publicKey;

  private X25519PrivateKey(byte[] bytes) {
    this.secret = SecretBytes.copyOf(bytes);
    byte[] pub = new byte[X25519PublicKey.LENGTH];
    X25519.generatePublicKey(bytes, 0, pub, 0);
    this.publicKey = X25519PublicKey.of(pub);
    Arrays.fill(bytes, (byte) 0);
  }

  /**
   * Generates a fresh key from a {@link SecureRandom}.
   *
   * @return a new random key
   */
  public static X25519PrivateKey generate() {
    return generate(RANDOM);
  }

  /**
   * Generates a fresh key from the given random source.
   *
   * @param random the random source; must be a cryptographically strong one
   * @return a new random key
   */
  public static X25519PrivateKey generate(SecureRandom random) {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new X25519PrivateKey(bytes);
  }

  /**
   * Wraps a copy of exactly {@value #LENGTH} secret bytes.
   *
   * @param bytes the raw key; the caller may wipe its array afterwards
   * @return the key
   * @throws DecodeException if the length is wrong (the message does not echo the bytes)
   */
  public static X25519PrivateKey of(byte[] bytes) {
    if (bytes == null) {
      throw new DecodeException("x25519_private_key", "is missing (null)");
    }
    if (bytes.length != LENGTH) {
      throw new DecodeException(
          "x25519_private_key", "must be " + LENGTH + " bytes, got " + bytes.length);
    }
    return new X25519PrivateKey(bytes.clone());
  }

  /**
   * Parses {@value #LENGTH} bytes of hex, with or without {@code 0x}.
   *
   * @param hex the hex text
   * @return the key
   * @throws DecodeException if the text is not hex of the right length (the text is not echoed)
   */
  public static X25519PrivateKey fromHex(String hex) {
    SecretBytes parsed = SecretBytes.fromHex("x25519_private_key", hex, LENGTH);
    try {
      return new X25519PrivateKey(parsed.revealBytes());
    } finally {
      parsed.destroy();
    }
  }

  /**
   * Returns the matching public key.
   *
   * @return the public key
   */
  public X25519PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Returns the secret bytes. Handle with care.
   *
   * @return the secret, as its own redacting holder
   */
  public SecretBytes secret() {
    return secret;
  }

  /**
   * Computes the raw X25519 shared secret with a peer's public key.
   *
   * @param peer the other party's public key
   * @return the 32-byte shared secret
   * @throws CryptoException if the result is all zeros, i.e. the peer key has small order
   */
  public SecretBytes agree(X25519PublicKey peer) {
    byte[] shared = agreeRaw(peer);
    try {
      return SecretBytes.copyOf(shared);
    } finally {
      Arrays.fill(shared, (byte) 0);
    }
  }

  /** The shared secret as a plain array the caller must wipe. */
  byte[] agreeRaw(X25519PublicKey peer) {
    byte[] sk = secret.revealBytes();
    byte[] shared = new byte[X25519.POINT_SIZE];
    try {
      if (!X25519.calculateAgreement(sk, 0, peer.rawBytes(), 0, shared, 0)) {
        throw new CryptoException(
            "X25519 shared secret is all zeros: the public key is a low-order point");
      }
      return shared;
    } finally {
      Arrays.fill(sk, (byte) 0);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519PrivateKey other && secret.equals(other.secret);
  }

  @Override
  public int hashCode() {
    return X25519PrivateKey.class.hashCode();
  }

  @Override
  public String toString() {
    return "X25519PrivateKey[redacted, public=" + publicKey.hex() + "]";
  }
}

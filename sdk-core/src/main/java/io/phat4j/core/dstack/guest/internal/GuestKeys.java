package io.phat4j.core.dstack.guest.internal;

import io.phat4j.core.DecodeException;
import io.phat4j.core.SecretBytes;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.dstack.guest.KeyAlgorithm;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** Public keys of the 32-byte secrets the guest agent derives. */
public final class GuestKeys {
  private GuestKeys() {}

  /**
   * Computes the public key dstack binds into a signature chain for a derived secret: SEC1
   * compressed (33 bytes) for secp256k1, the raw RFC 8032 key (32 bytes) for Ed25519.
   *
   * @param algorithm the curve
   * @param secret the 32-byte secret (scalar or seed); not modified
   * @return the public key bytes
   * @throws io.phat4j.core.DecodeException if a secp256k1 scalar is 0 or not below the order
   */
  public static byte[] publicKey(KeyAlgorithm algorithm, byte[] secret) {
    return switch (algorithm) {
      case SECP256K1 -> Secp256k1PrivateKey.of(secret).publicKey().compressed();
      case ED25519 -> {
        byte[] seed = secret.clone();
        try {
          yield new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        } finally {
          Arrays.fill(seed, (byte) 0);
        }
      }
    };
  }

  /**
   * Checks that a derived secret is 32 bytes and computes its public key, wiping the revealed copy.
   *
   * @param field the reply field, for error messages
   * @param algorithm the curve
   * @param key the secret
   * @return the public key bytes, as {@link #publicKey(KeyAlgorithm, byte[])}
   * @throws DecodeException if the secret is not 32 bytes or not a valid secp256k1 scalar
   */
  public static byte[] publicKey(String field, KeyAlgorithm algorithm, SecretBytes key) {
    if (key.length() != 32) {
      throw new DecodeException(field, "must be 32 bytes, got " + key.length());
    }
    byte[] secret = key.revealBytes();
    try {
      return publicKey(algorithm, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Reads a derived secret as a secp256k1 private key, wiping the revealed copy.
   *
   * @param key the 32-byte secret
   * @return the private key
   */
  public static Secp256k1PrivateKey secp256k1(SecretBytes key) {
    byte[] secret = key.revealBytes();
    try {
      return Secp256k1PrivateKey.of(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }
}

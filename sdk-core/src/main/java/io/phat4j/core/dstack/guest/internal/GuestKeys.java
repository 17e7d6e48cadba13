package io.phat4j.core.dstack.guest.internal;

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
}

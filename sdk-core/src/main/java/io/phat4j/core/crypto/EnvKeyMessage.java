package io.phat4j.core.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;

/** The byte strings a dstack KMS signs over an app's env-encrypt public key. */
final class EnvKeyMessage {
  private static final byte[] PREFIX =
      "dstack-env-encrypt-pubkey:".getBytes(StandardCharsets.US_ASCII);

  private EnvKeyMessage() {}

  /** {@code "dstack-env-encrypt-pubkey:" ‖ app_id ‖ timestamp (u64 BE) ‖ public_key}. */
  static byte[] v1(byte[] appId, X25519PublicKey publicKey, long timestampSeconds) {
    return ByteBuffer.allocate(PREFIX.length + appId.length + 8 + X25519PublicKey.LENGTH)
        .put(PREFIX)
        .put(appId)
        .putLong(timestampSeconds)
        .put(publicKey.rawBytes())
        .array();
  }

  /** {@code "dstack-env-encrypt-pubkey:" ‖ app_id ‖ public_key}. */
  static byte[] legacy(byte[] appId, X25519PublicKey publicKey) {
    return ByteBuffer.allocate(PREFIX.length + appId.length + X25519PublicKey.LENGTH)
        .put(PREFIX)
        .put(appId)
        .put(publicKey.rawBytes())
        .array();
  }

  static byte[] keccak256(byte[] message) {
    return Hash.sha3(message);
  }
}

package io.phat4j.core.crypto;

import io.phat4j.core.AppId;
import java.util.Objects;

/**
 * Signs an app's env-encrypt public key the way a dstack KMS does, for tests and devnet KMS
 * implementations.
 *
 * <p>Signatures are secp256k1 ECDSA over keccak256 of the message (see
 * {@link EnvKeySignatureVerifier}), deterministic (RFC 6979) with low S, encoded as
 * {@code r(32) ‖ s(32) ‖ v(1)} with v the recovery id 0 or 1.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvKeySigner {
  private final Secp256k1PrivateKey kmsKey;

  private EnvKeySigner(Secp256k1PrivateKey kmsKey) {
    this.kmsKey = kmsKey;
  }

  /**
   * Creates a signer for a KMS root key.
   *
   * @param kmsKey the KMS secp256k1 private key
   * @return the signer
   */
  public static EnvKeySigner create(Secp256k1PrivateKey kmsKey) {
    return new EnvKeySigner(Objects.requireNonNull(kmsKey, "kmsKey"));
  }

  /**
   * Makes a v1 signature (with timestamp), the {@code signature_v1} field of dstack's
   * {@code GetAppEnvEncryptPubKey} response.
   *
   * @param appId the app id
   * @param publicKey the app's env-encrypt public key
   * @param timestampSeconds the unix time of signing
   * @return the 65-byte signature
   */
  public byte[] signV1(AppId appId, X25519PublicKey publicKey, long timestampSeconds) {
    return sign(EnvKeyMessage.v1(appId.toByteArray(), publicKey, timestampSeconds));
  }

  /**
   * Makes a legacy signature (no timestamp), the {@code signature} field.
   *
   * @param appId the app id
   * @param publicKey the app's env-encrypt public key
   * @return the 65-byte signature
   */
  public byte[] signLegacy(AppId appId, X25519PublicKey publicKey) {
    return sign(EnvKeyMessage.legacy(appId.toByteArray(), publicKey));
  }

  private byte[] sign(byte[] message) {
    return RecoverableSignature.sign(kmsKey, EnvKeyMessage.keccak256(message)).toBytes();
  }

  /**
   * Returns the public key that verifiers should trust for this signer.
   *
   * @return the KMS public key
   */
  public Secp256k1PublicKey publicKey() {
    return kmsKey.publicKey();
  }

  @Override
  public String toString() {
    return "EnvKeySigner[" + kmsKey.publicKey().compressedHex0x() + "]";
  }
}

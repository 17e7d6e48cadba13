package io.phat4j.core.dstack.guest;

import io.phat4j.core.AppId;
import io.phat4j.core.crypto.RecoverableSignature;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.dstack.guest.internal.ChainMessages;
import java.util.Objects;

/**
 * Makes the links of a dstack key signature chain, for simulated KMSs and guest agents and for
 * tests. Every link is a recoverable secp256k1 signature (RFC 6979, low S, v = 0/1) over keccak256
 * of the message {@link SignatureChainVerifier} documents.
 *
 * <p>Thread-safe: all methods are static and pure.
 */
public final class SignatureChainSigner {
  private SignatureChainSigner() {}

  /**
   * The KMS link: the KMS root key signs an app's root public key ({@code k256_signature}).
   *
   * @param kmsRootKey the KMS root key
   * @param appId the app the key is issued to
   * @param appRootKey the app root public key
   * @return the 65-byte signature
   */
  public static RecoverableSignature kmsLink(
      Secp256k1PrivateKey kmsRootKey, AppId appId, Secp256k1PublicKey appRootKey) {
    return RecoverableSignature.sign(
        kmsRootKey, ChainMessages.kmsIssuedDigest(appId.toByteArray(), appRootKey.compressed()));
  }

  /**
   * The v0 key link: the app root key signs {@code purpose ":" hex(public key)}.
   *
   * @param appRootKey the app root key
   * @param purpose the purpose given to {@code GetKey}
   * @param publicKey the derived public key (33-byte compressed secp256k1 or 32-byte Ed25519)
   * @return the 65-byte signature
   */
  public static RecoverableSignature v0KeyLink(
      Secp256k1PrivateKey appRootKey, String purpose, byte[] publicKey) {
    Objects.requireNonNull(purpose, "purpose");
    return RecoverableSignature.sign(
        appRootKey, ChainMessages.v0KeyClaimDigest(purpose, publicKey));
  }

  /**
   * The v1 key link: the app root key signs the length-prefixed claim over algorithm, domain and
   * public key.
   *
   * @param appRootKey the app root key
   * @param algorithm the algorithm
   * @param domain the domain
   * @param publicKey the derived public key
   * @return the 65-byte signature
   */
  public static RecoverableSignature v1KeyLink(
      Secp256k1PrivateKey appRootKey, KeyAlgorithm algorithm, String domain, byte[] publicKey) {
    return RecoverableSignature.sign(
        appRootKey, ChainMessages.v1KeyClaimDigest(algorithm, domain, publicKey));
  }
}

package io.phat4j.core.dstack.guest;

import io.phat4j.core.Hex;
import java.util.List;
import java.util.Objects;

/**
 * A signature from the v0 {@code Sign} RPC (dstack 0.5.7 and later).
 *
 * <p>The agent signs with the key v0 {@code GetKey} derives at path {@code vms} with purpose
 * {@code signing}. The chain has three links: the data signature itself, the app root key's
 * signature over {@code "signing:" + hex(public key)}, and the KMS root key's signature over the
 * app root key. Check all three with {@link SignatureChainVerifier#verify(SignResult, byte[],
 * io.phat4j.core.AppId)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SignResult {
  private final SignAlgorithm algorithm;
  private final byte[] signature;
  private final byte[] publicKey;
  private final List<byte[]> signatureChain;

  SignResult(
      SignAlgorithm algorithm, byte[] signature, byte[] publicKey, List<byte[]> signatureChain) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.signature = signature.clone();
    this.publicKey = publicKey.clone();
    this.signatureChain = DerivedKey.copy(signatureChain);
  }

  /**
   * Returns the algorithm requested.
   *
   * @return the algorithm
   */
  public SignAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the signature over the data.
   *
   * @return 64 bytes: {@code r ‖ s} for secp256k1, the RFC 8032 signature for Ed25519
   */
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * Returns the signing public key.
   *
   * @return 33 bytes (SEC1 compressed) for secp256k1, 32 bytes for Ed25519
   */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Returns the signature chain as the agent sent it.
   *
   * @return copies of the three links
   */
  public List<byte[]> signatureChain() {
    return DerivedKey.reveal(signatureChain);
  }

  @Override
  public String toString() {
    return "SignResult["
        + algorithm.wireName()
        + ", publicKey="
        + Hex.encode(publicKey)
        + ", chain="
        + signatureChain.size()
        + " links]";
  }
}

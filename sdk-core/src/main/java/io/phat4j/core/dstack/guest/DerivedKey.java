package io.phat4j.core.dstack.guest;

import io.phat4j.core.Hex;
import io.phat4j.core.SecretBytes;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.dstack.guest.internal.GuestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A key from the v0 {@code GetKey} RPC: 32 secret bytes derived from the app's KMS-issued root key
 * and the {@code path}, with the signature chain that ties it to the KMS.
 *
 * <p>v0 facts that matter when using the key:
 *
 * <ul>
 *   <li>Only {@code path} enters the derivation. {@code purpose} and {@code algorithm} do not: the
 *       same path gives the same 32 bytes for secp256k1 and Ed25519.
 *   <li>{@code purpose} is only echoed into the first chain link, which signs {@code
 *       keccak256(purpose ":" hex(public key))} with the app root key.
 *   <li>The second link is the KMS root key's signature over the app root public key.
 * </ul>
 *
 * <p>Check the chain with {@link SignatureChainVerifier#verify(DerivedKey, io.phat4j.core.AppId)}.
 * {@code toString()} never shows the key. Immutable and thread-safe.
 */
public final class DerivedKey {
  private final SecretBytes key;
  private final byte[] publicKey;
  private final String path;
  private final String purpose;
  private final KeyAlgorithm algorithm;
  private final List<byte[]> signatureChain;

  /**
   * Creates a derived key, computing its public key from the secret.
   *
   * @param key the 32-byte secret
   * @param path the derivation path requested
   * @param purpose the purpose requested
   * @param algorithm the algorithm requested
   * @param signatureChain the chain as returned: app-key signature, then KMS signature
   * @throws io.phat4j.core.DecodeException if the key is not 32 bytes or not a valid secp256k1
   *     scalar when that algorithm was requested
   */
  DerivedKey(
      SecretBytes key,
      String path,
      String purpose,
      KeyAlgorithm algorithm,
      List<byte[]> signatureChain) {
    this.key = Objects.requireNonNull(key, "key");
    this.path = Objects.requireNonNull(path, "path");
    this.purpose = Objects.requireNonNull(purpose, "purpose");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.signatureChain = copy(signatureChain);
    this.publicKey = GuestKeys.publicKey("GetKey.key", algorithm, key);
  }

  static List<byte[]> copy(List<byte[]> chain) {
    List<byte[]> out = new ArrayList<>(chain.size());
    for (byte[] link : chain) {
      out.add(Objects.requireNonNull(link, "signature chain entry").clone());
    }
    return List.copyOf(out);
  }

  static List<byte[]> reveal(List<byte[]> chain) {
    List<byte[]> out = new ArrayList<>(chain.size());
    for (byte[] link : chain) {
      out.add(link.clone());
    }
    return out;
  }

  /**
   * Returns the derived secret: a secp256k1 scalar or an Ed25519 seed.
   *
   * @return the secret
   */
  public SecretBytes key() {
    return key;
  }

  /**
   * Returns the key as a secp256k1 private key (for either requested algorithm, since v0 derives
   * the same bytes).
   *
   * @return the private key
   */
  public Secp256k1PrivateKey secp256k1PrivateKey() {
    return GuestKeys.secp256k1(key);
  }

  /**
   * Returns the public key for the requested algorithm, as the chain's first link binds it.
   *
   * @return 33 bytes (SEC1 compressed) for secp256k1, 32 bytes for Ed25519
   */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Returns the path requested.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * Returns the purpose requested.
   *
   * @return the purpose, possibly empty
   */
  public String purpose() {
    return purpose;
  }

  /**
   * Returns the algorithm requested.
   *
   * @return the algorithm
   */
  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the signature chain as the agent sent it.
   *
   * @return copies of each link: {@code [0]} app root key over the derived key, {@code [1]} KMS
   *     root key over the app root key
   */
  public List<byte[]> signatureChain() {
    return reveal(signatureChain);
  }

  @Override
  public String toString() {
    return "DerivedKey[v0, path="
        + path
        + ", purpose="
        + purpose
        + ", algorithm="
        + algorithm.wireName()
        + ", publicKey="
        + Hex.encode(publicKey)
        + ", key=redacted, chain="
        + signatureChain.size()
        + " links]";
  }
}

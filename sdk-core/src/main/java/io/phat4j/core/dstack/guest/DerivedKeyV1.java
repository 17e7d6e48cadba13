package io.phat4j.core.dstack.guest;

import io.phat4j.core.CryptoException;
import io.phat4j.core.Hex;
import io.phat4j.core.SecretBytes;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.dstack.guest.internal.GuestKeys;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * A key from the v1 {@code GetKey} RPC (dstack 0.6): 32 secret bytes derived from the app root key
 * under a {@code domain} and an {@code algorithm}, its public key, and the signature chain.
 *
 * <p>Different from a {@link DerivedKey}: v1 binds the algorithm and a version tag into an
 * HKDF-SHA256 derivation with its own salt, so a v1 key is never the v0 key of the same name, and
 * the two curves never share a secret. The first chain link signs a length-prefixed claim over
 * {@code (algorithm, domain, public key)}; the second is the same KMS link as in v0.
 *
 * <p>{@code toString()} never shows the key. Immutable and thread-safe.
 */
public final class DerivedKeyV1 {
  private final SecretBytes key;
  private final byte[] publicKey;
  private final String domain;
  private final KeyAlgorithm algorithm;
  private final List<byte[]> signatureChain;

  /**
   * Creates a v1 key and checks that the stated public key belongs to the secret.
   *
   * @param key the 32-byte secret
   * @param publicKey the public key the agent returned
   * @param domain the domain requested
   * @param algorithm the algorithm requested
   * @param signatureChain the chain: app-key signature over the claim, then KMS signature
   * @throws CryptoException if the public key does not belong to the secret
   * @throws io.phat4j.core.DecodeException if the secret is not 32 bytes or not a valid scalar
   */
  DerivedKeyV1(
      SecretBytes key,
      byte[] publicKey,
      String domain,
      KeyAlgorithm algorithm,
      List<byte[]> signatureChain) {
    this.key = Objects.requireNonNull(key, "key");
    this.domain = Objects.requireNonNull(domain, "domain");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey").clone();
    this.signatureChain = DerivedKey.copy(signatureChain);
    byte[] expected = GuestKeys.publicKey("v1/GetKey.key", algorithm, key);
    if (!MessageDigest.isEqual(expected, this.publicKey)) {
      throw new CryptoException(
          "v1/GetKey.public_key does not belong to the returned key for " + algorithm.wireName());
    }
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
   * Returns the key as a secp256k1 private key.
   *
   * @return the private key
   * @throws IllegalStateException if the key was derived for Ed25519 (a different secret in v1)
   */
  public Secp256k1PrivateKey secp256k1PrivateKey() {
    if (algorithm != KeyAlgorithm.SECP256K1) {
      throw new IllegalStateException("this v1 key was derived for " + algorithm.wireName());
    }
    return GuestKeys.secp256k1(key);
  }

  /**
   * Returns the public key, the exact bytes the chain's claim binds.
   *
   * @return 33 bytes (SEC1 compressed) for secp256k1, 32 bytes for Ed25519
   */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Returns the domain requested.
   *
   * @return the domain
   */
  public String domain() {
    return domain;
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
   * @return copies of each link: {@code [0]} app root key over the v1 claim, {@code [1]} KMS root
   *     key over the app root key
   */
  public List<byte[]> signatureChain() {
    return DerivedKey.reveal(signatureChain);
  }

  @Override
  public String toString() {
    return "DerivedKeyV1[domain="
        + domain
        + ", algorithm="
        + algorithm.wireName()
        + ", publicKey="
        + Hex.encode(publicKey)
        + ", key=redacted, chain="
        + signatureChain.size()
        + " links]";
  }
}

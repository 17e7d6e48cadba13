package io.phat4j.core.dstack.guest;

/**
 * The curve of a key the guest agent derives with {@code GetKey}.
 *
 * <p>On the v0 surface the algorithm only selects how the agent reports the public key in the
 * signature chain: the 32 derived bytes are the same for both curves. On v1 it enters the key
 * derivation, so the two curves give unrelated keys.
 */
public enum KeyAlgorithm {
  /** secp256k1 (k256): the 32 bytes are a big-endian private scalar. */
  SECP256K1("secp256k1"),
  /** Ed25519: the 32 bytes are the RFC 8032 seed. */
  ED25519("ed25519");

  private final String wireName;

  KeyAlgorithm(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name the agent expects on the wire.
   *
   * @return {@code secp256k1} or {@code ed25519}
   */
  public String wireName() {
    return wireName;
  }
}

package io.phat4j.core.dstack.guest;

/** How the v0 {@code Sign} RPC signs the data it is given. */
public enum SignAlgorithm {
  /** Ed25519 over the data (RFC 8032); 64-byte signature, 32-byte public key. */
  ED25519("ed25519", KeyAlgorithm.ED25519),
  /**
   * ECDSA secp256k1 over SHA-256 of the data; 64-byte {@code r ‖ s} signature, 33-byte compressed
   * public key.
   */
  SECP256K1("secp256k1", KeyAlgorithm.SECP256K1),
  /**
   * ECDSA secp256k1 over a 32-byte digest given as the data; same encodings as {@link
   * #SECP256K1}.
   */
  SECP256K1_PREHASHED("secp256k1_prehashed", KeyAlgorithm.SECP256K1);

  private final String wireName;
  private final KeyAlgorithm keyAlgorithm;

  SignAlgorithm(String wireName, KeyAlgorithm keyAlgorithm) {
    this.wireName = wireName;
    this.keyAlgorithm = keyAlgorithm;
  }

  /**
   * Returns the name the agent expects on the wire.
   *
   * @return e.g. {@code secp256k1_prehashed}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the curve of the signing key.
   *
   * @return the key algorithm
   */
  public KeyAlgorithm keyAlgorithm() {
    return keyAlgorithm;
  }
}

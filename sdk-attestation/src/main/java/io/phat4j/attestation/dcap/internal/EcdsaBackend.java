package io.phat4j.attestation.dcap.internal;

/**
 * The crypto operations the quote verifier spends its time in: ECDSA P-256 / SHA-256 verification
 * and SHA-2 hashes. Implementations must be thread-safe and must give exactly the verdicts of
 * {@link PureJavaBackend} (the reference) for every input: a signature either verifies or not,
 * never an exception.
 *
 * <p>Internal SPI: the native module implements it; it is not a supported public API.
 */
public interface EcdsaBackend {
  /**
   * Returns a short description of the backend (for logs and {@code cryptoBackendInfo()}).
   *
   * @return e.g. {@code "pure-java (BouncyCastle)"}
   */
  String description();

  /**
   * Returns whether this is a native (non-Java) implementation.
   *
   * @return {@code true} for native
   */
  boolean isNative();

  /**
   * Verifies an ECDSA P-256 / SHA-256 signature given as raw r‖s (64 bytes) over a slice of data.
   *
   * @param key the public key
   * @param data the array holding the signed bytes
   * @param off the start of the signed bytes
   * @param len their length
   * @param sig the array holding the signature
   * @param sigOff the offset of r
   * @return {@code true} if valid
   */
  boolean verifyRaw(EcPublicKey key, byte[] data, int off, int len, byte[] sig, int sigOff);

  /**
   * Verifies an ECDSA P-256 / SHA-256 DER signature (as in X.509 certificates and CRLs).
   *
   * @param key the public key
   * @param data the signed bytes
   * @param der the DER {@code SEQUENCE { r INTEGER, s INTEGER }}
   * @return {@code true} if valid
   */
  boolean verifyDer(EcPublicKey key, byte[] data, byte[] der);

  /**
   * Hashes a slice with SHA-256.
   *
   * @param data the array
   * @param off the offset
   * @param len the length
   * @return the 32-byte digest
   */
  byte[] sha256(byte[] data, int off, int len);

  /**
   * Hashes a slice with SHA-384.
   *
   * @param data the array
   * @param off the offset
   * @param len the length
   * @return the 48-byte digest
   */
  byte[] sha384(byte[] data, int off, int len);
}

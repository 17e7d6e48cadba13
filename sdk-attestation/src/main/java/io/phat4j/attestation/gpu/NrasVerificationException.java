package io.phat4j.attestation.gpu;

import io.phat4j.core.CryptoException;

/**
 * An NRAS attestation result did not verify: unknown key, bad ES384 signature, wrong nonce, a GPU
 * token whose digest is not the one the platform token lists, an expired token or a {@code ueid}
 * that is not the judged GPU's leaf serial.
 */
public final class NrasVerificationException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a verification failure.
   *
   * @param message what failed
   */
  public NrasVerificationException(String message) {
    super(message);
  }
}

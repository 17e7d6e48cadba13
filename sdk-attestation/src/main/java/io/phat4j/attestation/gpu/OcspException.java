package io.phat4j.attestation.gpu;

import io.phat4j.core.CryptoException;
import org.jspecify.annotations.Nullable;

/**
 * An OCSP answer could not be trusted: malformed, not successful, signed by a responder that is
 * not authorised for the issuer, a bad signature, a nonce that is not the one sent, no answer for
 * the certificate asked about, or stale.
 */
public final class OcspException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an OCSP failure.
   *
   * @param message what is wrong
   * @param cause the underlying failure, if any
   */
  public OcspException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

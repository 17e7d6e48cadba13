package io.phat4j.core.crypto;

import io.phat4j.core.CryptoException;

/**
 * A KMS signature over an env-encrypt public key was not accepted.
 *
 * <p>{@link #reason()} tells a program why, so it can, for example, refetch a stale key but alert
 * on an untrusted signer.
 */
public final class KmsSignatureException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Why a signature was rejected. */
  public enum Reason {
    /** The signature is not 65 bytes, has a bad recovery byte, or r/s out of range. */
    MALFORMED,
    /** The timestamp is older than the allowed maximum age. */
    STALE,
    /** The timestamp is further in the future than the allowed clock skew. */
    FUTURE,
    /** The signature is valid but made by a key other than the trusted KMS key. */
    NOT_TRUSTED,
    /** No public key could be recovered from the signature. */
    INVALID
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the signature was rejected
   * @param message a description without key material
   */
  public KmsSignatureException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Returns why the signature was rejected.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}

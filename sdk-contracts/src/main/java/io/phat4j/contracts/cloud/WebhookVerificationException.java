package io.phat4j.contracts.cloud;

import io.phat4j.core.CryptoException;

/** A webhook request did not prove it came from Phala Cloud; treat it as forged. */
public final class WebhookVerificationException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Why verification failed. */
  public enum Reason {
    /** {@code X-Webhook-Timestamp} or {@code X-Webhook-Signature} is absent. */
    MISSING_HEADER,
    /** A header is not in the expected form ({@code sha256=<64 hex>}, unix seconds). */
    MALFORMED_HEADER,
    /** The timestamp is older than the tolerance. */
    STALE,
    /** The timestamp is further in the future than the tolerance. */
    FUTURE,
    /** The signature does not match: wrong secret or a changed body or timestamp. */
    MISMATCH
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why verification failed
   * @param message what was wrong (never the secret or the expected signature)
   */
  public WebhookVerificationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Returns why verification failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}

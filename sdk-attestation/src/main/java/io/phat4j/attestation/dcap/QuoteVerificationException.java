package io.phat4j.attestation.dcap;

import io.phat4j.core.CryptoException;
import org.jspecify.annotations.Nullable;

/**
 * A quote did not verify, or a verified quote was not accepted by a {@link VerificationPolicy}.
 *
 * <p>{@link #reason()} says which step failed; {@link #dcapQvlMessage()} is the message dcap-qvl
 * gives for it (e.g. {@code "TCBInfo expired"}); the exception message adds details, and the
 * cause (if any) is the underlying decode or crypto failure.
 */
public final class QuoteVerificationException extends CryptoException {
  private static final long serialVersionUID = 1L;

  private final FailureReason reason;
  private final String dcapQvlMessage;

  /**
   * Creates a failure with the reason's default dcap-qvl message.
   *
   * @param reason the failed step
   * @param detail extra detail, or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public QuoteVerificationException(FailureReason reason, @Nullable String detail, @Nullable Throwable cause) {
    this(reason, reason.dcapQvlMessage(), detail, cause);
  }

  /**
   * Creates a failure with a specific dcap-qvl message.
   *
   * @param reason the failed step
   * @param dcapQvlMessage the reference implementation's message for this failure
   * @param detail extra detail, or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public QuoteVerificationException(
      FailureReason reason, String dcapQvlMessage, @Nullable String detail, @Nullable Throwable cause) {
    super(detail == null || detail.isEmpty() ? dcapQvlMessage : dcapQvlMessage + ": " + detail, cause);
    this.reason = reason;
    this.dcapQvlMessage = dcapQvlMessage;
  }

  /**
   * Returns the step that failed.
   *
   * @return the reason
   */
  public FailureReason reason() {
    return reason;
  }

  /**
   * Returns dcap-qvl's top-level message for this failure, as its CLI prints after
   * {@code "Verification failed: "}.
   *
   * @return the message
   */
  public String dcapQvlMessage() {
    return dcapQvlMessage;
  }
}

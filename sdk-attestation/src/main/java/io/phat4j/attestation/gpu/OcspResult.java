package io.phat4j.attestation.gpu;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A verified OCSP answer for one certificate: signed by an authorised responder, for the nonce
 * that was sent, and fresh when it was checked.
 *
 * @param status good, revoked or unknown
 * @param thisUpdate when the responder last knew the status to be correct
 * @param nextUpdate when newer information will be available; null when the responder gave none
 * @param revocationTime when the certificate was revoked, for {@link OcspStatus#REVOKED}
 * @param revocationReason the CRL reason code (RFC 5280 §5.3.1), for {@link OcspStatus#REVOKED}
 *     when the responder gave one
 */
public record OcspResult(
    OcspStatus status,
    Instant thisUpdate,
    @Nullable Instant nextUpdate,
    @Nullable Instant revocationTime,
    @Nullable Integer revocationReason) {
  /** CRL reason code {@code certificateHold}. */
  public static final int REASON_CERTIFICATE_HOLD = 6;

  /**
   * Tells whether the certificate is revoked with reason {@code certificateHold} (a suspension
   * NVIDIA's verifier tolerates for RIM signers when asked to).
   *
   * @return true for a hold
   */
  public boolean onHold() {
    return status == OcspStatus.REVOKED && revocationReason != null
        && revocationReason == REASON_CERTIFICATE_HOLD;
  }
}

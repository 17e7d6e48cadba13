package io.phat4j.attestation.app;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of one link of an app's attestation chain.
 *
 * @param name the link's name, one of the constants here or an {@link AppLink#name()}
 * @param status passed, failed or not applicable
 * @param reason why it failed or does not apply; null when it passed
 * @param detail a short human-readable summary of what was checked (for the text report), or null
 */
public record LinkResult(String name, LinkStatus status, @Nullable String reason, @Nullable String detail) {
  /** The DCAP quote: signatures, certificate chain, collateral, TCB status and quote policy. */
  public static final String QUOTE = "quote";

  /** The event log replayed against RTMR0–3 of the quote. */
  public static final String EVENT_LOG = "event-log";

  /** The OS image: image hash, MRTD and RTMR0–2 expected for the declared VM against the quote. */
  public static final String OS_IMAGE = "os-image";

  /** The app identity: app id, compose hash, instance, device, key provider, mr_system, mr_aggregated. */
  public static final String APP_IDENTITY = "app-identity";

  /** For certificate evidence: the quote's report data binds the certificate's public key. */
  public static final String RA_TLS = "ra-tls";

  /** Checks the components: a failed or not-applicable link must say why. */
  public LinkResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    if (status != LinkStatus.PASSED && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("a " + status + " link needs a reason");
    }
  }

  /**
   * A passed link.
   *
   * @param name the link
   * @param detail what was checked, or null
   * @return the result
   */
  public static LinkResult passed(String name, @Nullable String detail) {
    return new LinkResult(name, LinkStatus.PASSED, null, detail);
  }

  /**
   * A failed link.
   *
   * @param name the link
   * @param reason why
   * @return the result
   */
  public static LinkResult failed(String name, String reason) {
    return new LinkResult(name, LinkStatus.FAILED, reason, null);
  }

  /**
   * A link that does not apply.
   *
   * @param name the link
   * @param reason why it does not apply
   * @return the result
   */
  public static LinkResult notApplicable(String name, String reason) {
    return new LinkResult(name, LinkStatus.NOT_APPLICABLE, reason, null);
  }

  /**
   * Tells whether the link failed.
   *
   * @return true if {@link #status()} is {@link LinkStatus#FAILED}
   */
  public boolean failed() {
    return status == LinkStatus.FAILED;
  }
}

package io.phat4j.attestation.app.internal;

import io.phat4j.attestation.app.LinkResult;
import io.phat4j.attestation.app.RtmrMismatch;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the OS-image link found.
 *
 * @param link the result, policy included
 * @param hashVerified whether the image's registers equal the quote's (dstack's os_image_hash_verified)
 * @param acpiTablesVerified whether the ACPI digests were regenerated or matched pinned values
 * @param isDev whether the image is a dev image, null if unknown
 * @param version the dstack OS version, null if unknown
 * @param path how the image was checked, null if it was not
 * @param debug explanations of mismatching RTMR0–2
 */
public record OsImageOutcome(
    LinkResult link,
    boolean hashVerified,
    boolean acpiTablesVerified,
    @Nullable Boolean isDev,
    @Nullable String version,
    @Nullable String path,
    List<RtmrMismatch> debug) {
  /** Copies the list. */
  public OsImageOutcome {
    debug = List.copyOf(debug);
  }

  /**
   * A failure before any measurement was computed.
   *
   * @param reason why
   * @return the outcome
   */
  public static OsImageOutcome failed(String reason) {
    return new OsImageOutcome(LinkResult.failed(LinkResult.OS_IMAGE, reason), false, false, null, null, null, List.of());
  }
}

package io.phat4j.attestation.app.internal;

import io.phat4j.attestation.app.AppInfo;
import io.phat4j.attestation.app.EvidenceFormat;
import io.phat4j.attestation.app.LinkResult;
import io.phat4j.attestation.app.RaTlsBinding;
import io.phat4j.attestation.app.RtmrMismatch;
import io.phat4j.core.dstack.KeyProvider;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything one verification established, gathered by the verifier and frozen into the report.
 *
 * @param format the evidence's source
 * @param links every link in report order
 * @param quoteVerified whether the quote verified cryptographically against its collateral (the
 *     quote link can still fail on the policy: TCB status, report data)
 * @param eventLogVerified whether the event-log link passed
 * @param osImageVerified whether the image's registers equal the quote's (the OS-image link can
 *     still fail on the policy: image allowlists, dev images, unverified ACPI tables)
 * @param acpiTablesVerified whether the RTMR0 ACPI digests were regenerated or matched pinned values
 * @param osImageIsDev whether the image is a dev image, null if unknown
 * @param osImageVersion the dstack OS version, null if unknown
 * @param osImagePath how the OS image was checked ({@code "lite"}, {@code "full"}, ...), null if not
 * @param teeVariant {@code "dstack-tdx"}
 * @param reportData the verified quote's report data, null if the quote did not verify
 * @param tcbStatus the verified TCB status, null if the quote did not verify
 * @param advisoryIds its advisories
 * @param keyProvider the decoded key-provider event, null if absent or malformed
 * @param appInfo the identity, null if the event log did not bind one to the quote
 * @param rtmrDebug per-register explanations of mismatches
 * @param raTls certificate facts, null unless the evidence is a certificate
 * @param verifiedAt the verification time
 * @param validUntil when the verdict expires (earliest collateral nextUpdate), null if it must not be cached
 */
public record Facts(
    EvidenceFormat format,
    List<LinkResult> links,
    boolean quoteVerified,
    boolean eventLogVerified,
    boolean osImageVerified,
    boolean acpiTablesVerified,
    @Nullable Boolean osImageIsDev,
    @Nullable String osImageVersion,
    @Nullable String osImagePath,
    String teeVariant,
    byte @Nullable [] reportData,
    @Nullable String tcbStatus,
    List<String> advisoryIds,
    @Nullable KeyProvider keyProvider,
    @Nullable AppInfo appInfo,
    List<RtmrMismatch> rtmrDebug,
    @Nullable RaTlsBinding raTls,
    Instant verifiedAt,
    @Nullable Instant validUntil) {
  /** Copies the lists. */
  public Facts {
    links = List.copyOf(links);
    advisoryIds = List.copyOf(advisoryIds);
    rtmrDebug = List.copyOf(rtmrDebug);
    reportData = reportData == null ? null : reportData.clone();
  }
}

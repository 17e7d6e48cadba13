package io.phat4j.attestation.app;

import io.phat4j.attestation.app.internal.Facts;
import io.phat4j.attestation.app.internal.ReportJson;
import io.phat4j.attestation.app.internal.ReportText;
import io.phat4j.core.dstack.KeyProvider;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The verdict on an app's evidence: every link with its outcome, the app's identity, and the
 * report in text and in dstack-verifier's JSON shape.
 *
 * <p>The app is valid only if no link failed; links that do not apply do not count against it.
 * {@link #validUntil()} says how long the verdict may be cached: until the earliest
 * {@code nextUpdate} of the collateral the quote was checked with (null when the quote did not
 * verify, so a negative verdict is never cached).
 *
 * <p>Immutable and thread-safe.
 */
public final class AppVerification {
  private final Facts facts;

  AppVerification(Facts facts) {
    this.facts = Objects.requireNonNull(facts, "facts");
  }

  /**
   * Tells whether every link passed or did not apply.
   *
   * @return true if the app is accepted
   */
  public boolean isValid() {
    return facts.links().stream().noneMatch(LinkResult::failed);
  }

  /**
   * Returns every link in order: quote, event log, OS image, app identity, then optional links.
   *
   * @return an unmodifiable list
   */
  public List<LinkResult> links() {
    return facts.links();
  }

  /**
   * Returns one link's result.
   *
   * @param name a {@link LinkResult} constant or an optional link's name
   * @return the result, or null if no link has that name
   */
  public @Nullable LinkResult link(String name) {
    for (LinkResult r : facts.links()) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }

  /**
   * Returns the failed links.
   *
   * @return an unmodifiable list, empty when valid
   */
  public List<LinkResult> failedLinks() {
    return facts.links().stream().filter(LinkResult::failed).toList();
  }

  /**
   * Returns why the app is not valid: each failed link, as {@code "<Link> verification failed: <reason>"},
   * joined with {@code "; "}.
   *
   * @return the reason, or null when valid
   */
  public @Nullable String reason() {
    List<LinkResult> failed = failedLinks();
    if (failed.isEmpty()) {
      return null;
    }
    return failed.stream().map(r -> label(r.name()) + " verification failed: " + r.reason()).collect(Collectors.joining("; "));
  }

  /**
   * Returns the report as text: one line per link, then the identity.
   *
   * @return the text, ending with a newline
   */
  public String toText() {
    return ReportText.render(facts, isValid());
  }

  /**
   * Returns the report in dstack-verifier's {@code VerificationResponse} shape
   * ({@code is_valid}, {@code details}, {@code reason}), plus {@code ra_tls} for a certificate.
   *
   * @return one JSON object
   */
  public String toJson() {
    return ReportJson.render(facts, isValid(), reason());
  }

  /**
   * Returns when this verdict stops being current: the earliest {@code nextUpdate} of the
   * collateral the quote verified with.
   *
   * @return the instant, or null if the quote did not verify (do not cache)
   */
  public @Nullable Instant validUntil() {
    return facts.validUntil();
  }

  /**
   * Returns the time the verification ran at.
   *
   * @return the instant from the verifier's clock
   */
  public Instant verifiedAt() {
    return facts.verifiedAt();
  }

  /**
   * Returns where the evidence came from.
   *
   * @return the format
   */
  public EvidenceFormat format() {
    return facts.format();
  }

  /**
   * Returns the app's identity, as dstack computes it for its KMS.
   *
   * @return the identity, or null if the event log did not bind one to the quote
   */
  public @Nullable AppInfo appInfo() {
    return facts.appInfo();
  }

  /**
   * Returns the decoded {@code key-provider} event.
   *
   * @return the key provider, or null if absent or malformed
   */
  public @Nullable KeyProvider keyProvider() {
    return facts.keyProvider();
  }

  /**
   * Returns the verified TCB status.
   *
   * @return the wire name, e.g. {@code "UpToDate"}, or null if the quote did not verify
   */
  public @Nullable String tcbStatus() {
    return facts.tcbStatus();
  }

  /**
   * Returns the advisories of the verified quote.
   *
   * @return an unmodifiable list
   */
  public List<String> advisoryIds() {
    return facts.advisoryIds();
  }

  /**
   * Returns the verified quote's report data.
   *
   * @return a copy, or null if the quote did not verify
   */
  public byte @Nullable [] reportData() {
    byte[] d = facts.reportData();
    return d == null ? null : d.clone();
  }

  /**
   * Tells whether the RTMR0 ACPI digests were regenerated for the VM shape or matched pinned values.
   *
   * @return true if verified
   */
  public boolean acpiTablesVerified() {
    return facts.acpiTablesVerified();
  }

  /**
   * Tells whether the OS image is a dev image.
   *
   * @return the flag, or null if unknown
   */
  public @Nullable Boolean osImageIsDev() {
    return facts.osImageIsDev();
  }

  /**
   * Returns the dstack OS version.
   *
   * @return the version, or null if unknown
   */
  public @Nullable String osImageVersion() {
    return facts.osImageVersion();
  }

  /**
   * Returns how the OS image was checked.
   *
   * @return {@code "lite"}, {@code "full"} or another path name, or null if it was not
   */
  public @Nullable String osImagePath() {
    return facts.osImagePath();
  }

  /**
   * Returns per-register explanations of RTMR mismatches.
   *
   * @return an unmodifiable list, empty when every register matched
   */
  public List<RtmrMismatch> rtmrDebug() {
    return facts.rtmrDebug();
  }

  /**
   * Returns the RA-TLS certificate facts.
   *
   * @return the facts, or null unless the evidence was a certificate
   */
  public @Nullable RaTlsBinding raTls() {
    return facts.raTls();
  }

  /**
   * Returns the response dstack-verifier gives for a request it cannot use: not valid, every
   * detail at its default (false, null or empty), and the reason.
   *
   * @param reason why the request was unusable
   * @return one JSON object in the {@link #toJson()} shape
   */
  public static String unusableRequestJson(String reason) {
    return ReportJson.unusable(Objects.requireNonNull(reason, "reason"));
  }

  @Override
  public String toString() {
    return "AppVerification[" + (isValid() ? "valid" : "invalid: " + reason()) + "]";
  }

  static String label(String link) {
    return switch (link) {
      case LinkResult.QUOTE -> "Quote";
      case LinkResult.EVENT_LOG -> "Event log";
      case LinkResult.OS_IMAGE -> "OS image hash";
      case LinkResult.APP_IDENTITY -> "App identity";
      case LinkResult.RA_TLS -> "RA-TLS";
      default -> link;
    };
  }
}

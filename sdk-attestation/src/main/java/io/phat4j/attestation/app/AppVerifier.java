package io.phat4j.attestation.app;

import io.phat4j.attestation.app.internal.EventLogLink;
import io.phat4j.attestation.app.internal.Facts;
import io.phat4j.attestation.app.internal.Identity;
import io.phat4j.attestation.app.internal.IdentityLink;
import io.phat4j.attestation.app.internal.OsImageLink;
import io.phat4j.attestation.app.internal.OsImageOutcome;
import io.phat4j.attestation.app.internal.VmConfigFields;
import io.phat4j.attestation.dcap.CollateralSource;
import io.phat4j.attestation.dcap.PckCertChain;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.attestation.os.OsImageFiles;
import io.phat4j.attestation.os.OsImageVerifier;
import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.attestation.dcap.pcs.internal.CollateralExpiry;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import io.phat4j.core.dstack.KeyProvider;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a dstack app's evidence in one call: the DCAP quote, the event log against RTMR0–3,
 * the OS image against MRTD and RTMR0–2, and the app's identity, then any optional
 * {@link AppLink}s, each reported as passed, failed or not applicable.
 *
 * <p>A failed link never hides the others: without collateral the quote link fails with that
 * reason and the rest still run on the (then unverified) quote body, so the report shows
 * everything that can be checked. The verdict is valid only if no link failed.
 *
 * <pre>{@code
 * AppVerifier verifier = AppVerifier.builder()
 *     .collateralSource(PcsCollateralClient.builder().phalaPccs().build())
 *     .build();
 * AppVerification v = verifier.verify(AppEvidence.fromJson(json), AppPolicy.builder()
 *     .allowComposeHashes(expected).build());
 * if (!v.isValid()) throw new IllegalStateException(v.reason());
 * }</pre>
 *
 * <p>Build one and share it: immutable and thread-safe; the {@link QuoteVerifier}'s caches are reused.
 */
public final class AppVerifier {
  private static final String TEE_VARIANT = "dstack-tdx";

  private final QuoteVerifier quoteVerifier;
  private final @Nullable CollateralSource collateralSource;
  private final Clock clock;
  private final List<AppLink> links;
  private final OsImageLink osImage;

  private AppVerifier(Builder b) {
    this.quoteVerifier = b.quoteVerifier != null ? b.quoteVerifier : QuoteVerifier.builder().clock(b.clock).build();
    this.collateralSource = b.collateralSource;
    this.clock = b.clock;
    this.links = List.copyOf(b.links);
    this.osImage = new OsImageLink(
        b.osImageVerifier != null ? b.osImageVerifier : OsImageVerifier.create(), b.osImageFiles);
  }

  /**
   * Returns a builder (defaults: a {@link QuoteVerifier} trusting Intel's root, no collateral
   * source, the system UTC clock, the bundled {@link ReferenceValues}, no image files, no
   * optional links).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies evidence against a policy at the verifier's clock time.
   *
   * @param evidence the app's evidence
   * @param policy what the caller accepts
   * @return the report; never throws for bad evidence
   */
  public AppVerification verify(AppEvidence evidence, AppPolicy policy) {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(policy, "policy");
    Instant now = clock.instant();
    byte[] raw = evidence.quote();
    Quote quote = Quote.parse(raw);
    List<LinkResult> results = new ArrayList<>();

    QuoteOutcome q = quoteLink(raw, quote, policy, now);
    results.add(q.link);

    TdReport td = quote.body() instanceof TdReport t ? t : null;
    EventLogLink.Outcome log;
    OsImageOutcome os;
    LinkResult identityLink;
    AppInfo info = null;
    KeyProvider keyProvider = null;
    if (td == null) {
      String why = "the quote is " + quote.teeType() + ", not a TDX quote from a dstack CVM";
      log = new EventLogLink.Outcome(LinkResult.failed(LinkResult.EVENT_LOG, why), null, false, List.of());
      os = OsImageOutcome.failed(why);
      identityLink = LinkResult.failed(LinkResult.APP_IDENTITY, why);
    } else {
      log = EventLogLink.check(evidence.eventLogJson(), td);
      os = guard(() -> osImage.check(evidence, td, log.log(), policy));
      if (log.log() != null && log.rtmr3Bound()) {
        byte[] ppid = q.verified != null ? q.verified.ppid() : ppidFromQuote(quote);
        if (ppid == null) {
          identityLink = LinkResult.failed(LinkResult.APP_IDENTITY, "the quote carries no PCK certificate, so device_id is unknown");
        } else {
          info = Identity.compute(log.log(), td, ppid, VmConfigFields.osImageHash(evidence.vmConfigJson()));
          keyProvider = log.log().runtimeEvents().keyProvider();
          identityLink = IdentityLink.check(info, keyProvider, evidence.appCompose(), policy);
        }
      } else {
        identityLink = LinkResult.failed(
            LinkResult.APP_IDENTITY,
            log.log() == null
                ? "the event log is unusable, so no identity events can be read"
                : "RTMR3 replayed from the event log differs from the quote, so its identity events are not bound to it");
      }
    }
    results.add(log.link());
    results.add(os.link());
    results.add(identityLink);
    RaTlsBinding binding = evidence.raTls();
    if (binding != null) {
      results.add(binding.reportDataBound()
          ? LinkResult.passed(LinkResult.RA_TLS, "the quote's report data binds the certificate's key ("
              + binding.attestationWireFormat() + ")")
          : LinkResult.failed(LinkResult.RA_TLS, "the quote's report data does not bind the certificate's public key"
              + " (expected SHA-512(\"ratls-cert:\" || SubjectPublicKeyInfo)), so the key is not the attested one"));
    }

    String tcb = q.verified == null ? null : q.verified.status().wireName();
    List<String> advisories = q.verified == null ? List.of() : q.verified.advisoryIds();
    AppLinkContext ctx = new AppLinkContext(evidence, info, TEE_VARIANT, tcb, advisories, results);
    for (AppLink link : links) {
      results.add(runLink(link, ctx));
    }
    List<RtmrMismatch> debug = new ArrayList<>(log.debug());
    debug.addAll(os.debug());
    Facts facts = new Facts(
        evidence.format(),
        results,
        q.verified != null,
        log.link().status() == LinkStatus.PASSED,
        os.hashVerified(),
        os.acpiTablesVerified(),
        os.isDev(),
        os.version(),
        os.path(),
        TEE_VARIANT,
        q.verified == null ? null : q.verified.report().reportData(),
        tcb,
        advisories,
        keyProvider,
        info,
        debug,
        evidence.raTls(),
        now,
        q.link.status() == LinkStatus.PASSED ? q.validUntil : null);
    return new AppVerification(facts);
  }

  private static OsImageOutcome guard(java.util.function.Supplier<OsImageOutcome> check) {
    try {
      return check.get();
    } catch (RuntimeException e) {
      return OsImageOutcome.failed(message(e));
    }
  }

  private static LinkResult runLink(AppLink link, AppLinkContext ctx) {
    try {
      LinkResult r = link.check(ctx);
      return r != null ? r : LinkResult.failed(link.name(), "the link returned no result");
    } catch (RuntimeException e) {
      return LinkResult.failed(link.name(), message(e));
    }
  }

  private static byte @Nullable [] ppidFromQuote(Quote quote) {
    try {
      return PckCertChain.fromQuote(quote).extension().ppid();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private record QuoteOutcome(LinkResult link, @Nullable VerifiedQuote verified, @Nullable Instant validUntil) {}

  private QuoteOutcome quoteLink(byte[] raw, Quote quote, AppPolicy policy, Instant now) {
    List<String> problems = new ArrayList<>();
    byte[] reportData = quote.body().reportData();
    byte[] expected = policy.reportData();
    if (expected != null && !MessageDigest.isEqual(expected, reportData)) {
      problems.add("report data " + Hex.encode(reportData) + " is not the expected " + Hex.encode(expected));
    }
    byte[] prefix = policy.reportDataPrefix();
    if (prefix != null && !MessageDigest.isEqual(prefix, Arrays.copyOf(reportData, prefix.length))) {
      problems.add("report data does not start with the expected nonce");
    }
    if (collateralSource == null) {
      problems.add(0, "no collateral: supply collateral or a PCCS/PCS collateral source, so the quote's signatures"
          + " and TCB status cannot be checked");
      return new QuoteOutcome(LinkResult.failed(LinkResult.QUOTE, String.join("; ", problems)), null, null);
    }
    QuoteCollateral collateral;
    VerifiedQuote verified;
    try {
      collateral = collateralSource.collateralFor(quote);
    } catch (RuntimeException e) {
      problems.add(0, "collateral unavailable: " + message(e));
      return new QuoteOutcome(LinkResult.failed(LinkResult.QUOTE, String.join("; ", problems)), null, null);
    }
    try {
      verified = quoteVerifier.verify(raw, collateral, now);
    } catch (RuntimeException e) {
      problems.add(0, message(e));
      return new QuoteOutcome(LinkResult.failed(LinkResult.QUOTE, String.join("; ", problems)), null, null);
    }
    try {
      policy.tcbPolicy().check(verified);
    } catch (PhalaException e) {
      problems.add(message(e));
    }
    Instant validUntil;
    try {
      validUntil = CollateralExpiry.earliestNextUpdate(collateral);
    } catch (PhalaException e) {
      validUntil = null;
    }
    if (!problems.isEmpty()) {
      return new QuoteOutcome(LinkResult.failed(LinkResult.QUOTE, String.join("; ", problems)), verified, null);
    }
    String detail = "TDX quote verified, TCB " + verified.status().wireName()
        + (verified.advisoryIds().isEmpty() ? "" : " " + verified.advisoryIds())
        + (verified.trustAnchor().intelRoot() ? "" : ", trusting " + verified.trustAnchor().describe());
    return new QuoteOutcome(LinkResult.passed(LinkResult.QUOTE, detail), verified, validUntil);
  }

  private static String message(RuntimeException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  @Override
  public String toString() {
    return "AppVerifier[collateral=" + (collateralSource == null ? "none" : "source") + ", links=" + links.size() + "]";
  }

  /** Builds an {@link AppVerifier}. Not thread-safe. */
  public static final class Builder {
    private @Nullable QuoteVerifier quoteVerifier;
    private @Nullable CollateralSource collateralSource;
    private Clock clock = Clock.systemUTC();
    private final List<AppLink> links = new ArrayList<>();
    private @Nullable OsImageVerifier osImageVerifier;
    private @Nullable OsImageFiles osImageFiles;

    private Builder() {}

    /**
     * Checks OS images against these reference values (known images, pinned ACPI digests and
     * registers per VM shape) instead of the bundled ones. Merge with
     * {@link ReferenceValues#bundled()} to keep those.
     *
     * @param values the reference values
     * @return this builder
     */
    public Builder referenceValues(ReferenceValues values) {
      this.osImageVerifier = OsImageVerifier.builder().referenceValues(Objects.requireNonNull(values, "values")).build();
      return this;
    }

    /**
     * Uses this OS-image verifier (replaces {@link #referenceValues(ReferenceValues)}).
     *
     * @param verifier the verifier
     * @return this builder
     */
    public Builder osImageVerifier(OsImageVerifier verifier) {
      this.osImageVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Checks images without {@code vm_config.tdx_measurement} on the full path, from the
     * contents of the image's measurement archive (firmware, kernel, initrd, metadata).
     *
     * @param files the image files
     * @return this builder
     */
    public Builder osImageFiles(OsImageFiles files) {
      this.osImageFiles = Objects.requireNonNull(files, "files");
      return this;
    }

    /**
     * Uses this DCAP verifier (its trust anchor, crypto backend, caches and debug settings).
     *
     * @param verifier the verifier
     * @return this builder
     */
    public Builder quoteVerifier(QuoteVerifier verifier) {
      this.quoteVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Gets collateral from this source (a PCCS or Intel PCS client, a cache, a file).
     *
     * @param source the source
     * @return this builder
     */
    public Builder collateralSource(CollateralSource source) {
      this.collateralSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Uses this fixed collateral for every quote.
     *
     * @param collateral the collateral
     * @return this builder
     */
    public Builder collateral(QuoteCollateral collateral) {
      Objects.requireNonNull(collateral, "collateral");
      this.collateralSource = quote -> collateral;
      return this;
    }

    /**
     * Sets the clock that gives the verification time (also for the default {@link QuoteVerifier}).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Adds an optional link, run after the built-in ones in the order added.
     *
     * @param link the link
     * @return this builder
     */
    public Builder addLink(AppLink link) {
      links.add(Objects.requireNonNull(link, "link"));
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     */
    public AppVerifier build() {
      return new AppVerifier(this);
    }
  }
}

package io.phat4j.ai;

import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.attestation.gpu.CheckResult;
import io.phat4j.attestation.gpu.CheckStatus;
import io.phat4j.attestation.gpu.GpuEvidenceResult;
import io.phat4j.attestation.gpu.GpuEvidenceVerifier;
import io.phat4j.attestation.gpu.GpuResult;
import io.phat4j.attestation.gpu.NrasAttestation;
import io.phat4j.attestation.gpu.NrasClient;
import io.phat4j.attestation.gpu.NvidiaPayload;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import io.phat4j.core.dstack.DstackRuntimeEvents;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.Rtmrs;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a confidential-AI attestation report offline, link by link: the nonce, the TDX quote
 * (DCAP, with the caller's collateral), the report_data binding of the signing key and nonce, and
 * the NVIDIA GPU evidence against the <em>same</em> nonce.
 *
 * <p>The GPU evidence carries no CVM identity: the caller's nonce, bound into both the quote and
 * the GPU reports, is the only CPU↔GPU link, so the GPU check always uses the caller's nonce, never
 * the payload's own. Verification fails closed: a link that cannot run makes the result not ok
 * unless the policy makes it optional. NVIDIA's remote attestation service can be added as an
 * online link ({@link Builder#nrasClient}); offline that link is reported as not run. Instances are
 * immutable and thread-safe.
 */
public final class AiReportVerifier {
  /** Link name: the server's request_nonce is the caller's. */
  public static final String REQUEST_NONCE = "request_nonce";
  /** Link name: the TDX quote verifies through DCAP. */
  public static final String TDX_QUOTE = "tdx_quote";
  /** Link name: report_data binds the signing key and the nonce. */
  public static final String REPORT_DATA_BINDING = "report_data_binding";
  /** Link name: the report carries GPU evidence. */
  public static final String GPU_EVIDENCE_PRESENT = "gpu_evidence_present";
  /** Link name: every GPU's evidence verifies with the caller's nonce. */
  public static final String GPU_EVIDENCE = "gpu_evidence";
  /** Link name: the response signature is valid for its signing address. */
  public static final String RESPONSE_SIGNATURE = "response_signature";
  /** Link name: the signed text hashes the exact request and response bytes. */
  public static final String SIGNED_TEXT = "signed_text";
  /** Link name: the fresh report has an entry for the signing key. */
  public static final String REPORT_FOR_SIGNER = "report_for_signer";
  /** Link name: the event log replays to the quote's RTMRs. */
  public static final String EVENT_LOG_REPLAY = "event_log_replay";
  /** Link name: the replayed app id and compose hash are allowed by the policy. */
  public static final String APP_IDENTITY = "app_identity";
  /** Link name: the GPU driver and VBIOS versions are allowed by the policy. */
  public static final String GPU_VERSIONS = "gpu_versions";
  /** Link name: NVIDIA's remote attestation service judged the GPUs for the caller's nonce (online, opt-in). */
  public static final String GPU_NRAS = "gpu_nras";

  private final QuoteVerifier quoteVerifier;
  private final GpuEvidenceVerifier gpuVerifier;
  private final AiVerificationPolicy policy;
  private final @Nullable NrasClient nras;

  private AiReportVerifier(Builder b) {
    this.nras = b.nras;
    this.quoteVerifier = b.quoteVerifier == null ? QuoteVerifier.builder().build() : b.quoteVerifier;
    this.gpuVerifier = b.gpuVerifier == null ? GpuEvidenceVerifier.builder().build() : b.gpuVerifier;
    this.policy = b.policy;
  }

  /**
   * Returns a builder with the pinned Intel and NVIDIA roots and the default policy.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a report entry for the caller's nonce.
   *
   * @param report the entry (use {@link AttestationReport#select(String)} for load-balanced replies)
   * @param nonce the nonce the caller sent
   * @param collateral the DCAP collateral for the quote, or null (the TDX link is then not run and
   *     the result is not ok)
   * @param now the time for the DCAP verification
   * @return every link and the verdict
   */
  public AiReportVerification verify(
      AttestationReport report, Bytes32 nonce, @Nullable QuoteCollateral collateral, Instant now) {
    List<VerificationLink> links = new ArrayList<>();
    links.add(link(REQUEST_NONCE,
        MessageDigest.isEqual(report.requestNonce().toByteArray(), nonce.toByteArray()),
        "the server answered for the caller's nonce (a claim until the binding below holds)",
        "request_nonce equals the caller's nonce",
        "request_nonce " + report.requestNonce().hex() + " is not the caller's nonce " + nonce.hex()));

    VerifiedQuote verified = null;
    String tdxProves = "a genuine Intel TDX platform produced the quote at an accepted TCB level";
    if (collateral == null) {
      links.add(new VerificationLink(TDX_QUOTE, CheckStatus.NOT_RUN, tdxProves,
          "no collateral given: the quote is unverified and proves nothing"));
    } else {
      try {
        verified = quoteVerifier.verify(report.intelQuote(), collateral, now);
        if (policy.quotePolicy() != null) {
          policy.quotePolicy().check(verified);
        }
        links.add(new VerificationLink(TDX_QUOTE, CheckStatus.PASSED, tdxProves,
            "TCB status " + verified.status().wireName() + (verified.advisoryIds().isEmpty() ? ""
                : ", advisories " + String.join(", ", verified.advisoryIds()))));
      } catch (PhalaException e) {
        verified = null;
        links.add(new VerificationLink(TDX_QUOTE, CheckStatus.FAILED, tdxProves, e.getMessage()));
      }
    }
    links.add(binding(report, nonce, verified != null));
    DstackRuntimeEvents events = eventLog(report, links);
    if (policy.pinsApp()) {
      links.add(appIdentity(events));
    }

    GpuEvidenceResult gpu = gpuLinks(report, nonce, links);

    boolean ok = true;
    for (VerificationLink l : links) {
      boolean gpuLink = l.name().startsWith("gpu_");
      // Explicit policy demands (GPU evidence required, version allow-lists) always count.
      boolean nrasDemanded = l.name().equals(GPU_NRAS) && policy.requireNras();
      boolean required = !gpuLink || policy.gpuFailureFatal() || l.name().equals(GPU_VERSIONS)
          || (l.name().equals(GPU_EVIDENCE_PRESENT) && policy.requireGpuEvidence()) || nrasDemanded;
      if (l.status() == CheckStatus.FAILED && required) {
        ok = false;
      }
      // Not run is fatal for the core links; the event log only when the policy pins the app.
      boolean mustRun = (!gpuLink && (!l.name().equals(EVENT_LOG_REPLAY) || policy.pinsApp())) || nrasDemanded;
      if (l.status() == CheckStatus.NOT_RUN && mustRun) {
        ok = false;
      }
    }
    // NRAS judges GPU evidence: demanding it means a report without evidence cannot pass.
    if (policy.requireNras() && links.stream().noneMatch(l -> l.name().equals(GPU_NRAS))) {
      ok = false;
    }
    return new AiReportVerification(ok, links, verified, gpu);
  }

  /**
   * Verifies a chat response end to end: its signature, that the signed text covers the exact
   * request and response bytes, and a fresh report (fetched for the signer with the caller's
   * nonce) through {@link #verify}.
   *
   * <p>The fresh report attests that the signing key lives in a verified TEE <em>now</em>, not
   * which quote existed when the response was signed.
   *
   * @param exchange the request and response bytes
   * @param signature the signature fetched for {@link ChatExchange#id()}
   * @param fresh a report fetched after the signature, with the caller's nonce
   * @param collateral the DCAP collateral for the report's quote, or null
   * @param now the time for the DCAP verification
   * @return every link and the verdict
   */
  public AiReportVerification verifyResponse(ChatExchange exchange, ResponseSignature signature,
      FetchedReport fresh, @Nullable QuoteCollateral collateral, Instant now) {
    List<VerificationLink> links = new ArrayList<>();
    String sigProves = "the holder of " + signature.signingAddress() + " signed the text";
    try {
      links.add(link(RESPONSE_SIGNATURE, signature.isValid(), sigProves,
          signature.algorithm().wireName() + " signature valid", "the signature is not valid for this key"));
    } catch (PhalaException e) {
      links.add(new VerificationLink(RESPONSE_SIGNATURE, CheckStatus.FAILED, sigProves, e.getMessage()));
    }
    String textProves = "the signed text covers exactly the request sent and the response received";
    try {
      SignedText text = SignedText.parse(signature.text());
      links.add(link(SIGNED_TEXT, exchange.matches(text), textProves,
          "sha256(request):sha256(response) match" + text.modelName().map(m -> " (model " + m + ")").orElse(""),
          "the signed hashes " + text.text() + " are not those of this exchange"));
    } catch (PhalaException e) {
      links.add(new VerificationLink(SIGNED_TEXT, CheckStatus.FAILED, textProves, e.getMessage()));
    }
    String forProves = "the attestation report describes the key that signed";
    AttestationReport entry = fresh.report().select(signature.signingAddress()).orElse(null);
    if (entry == null) {
      links.add(new VerificationLink(REPORT_FOR_SIGNER, CheckStatus.FAILED, forProves,
          "no entry for " + signature.signingAddress() + " in the report"));
      return new AiReportVerification(false, links, null, null);
    }
    if (entry.signingAlgorithm() != signature.algorithm()) {
      links.add(new VerificationLink(REPORT_FOR_SIGNER, CheckStatus.FAILED, forProves,
          "the report's entry uses " + entry.signingAlgorithm().wireName() + ", the signature "
              + signature.algorithm().wireName()));
      return new AiReportVerification(false, links, null, null);
    }
    links.add(new VerificationLink(REPORT_FOR_SIGNER, CheckStatus.PASSED, forProves,
        "entry for " + entry.signingAddress() + "; the fresh report attests the key now, not at signing time"));
    AiReportVerification report = verify(entry, fresh.nonce(), collateral, now);
    links.addAll(report.links());
    boolean ok = report.ok() && links.subList(0, 3).stream().allMatch(VerificationLink::passed);
    return new AiReportVerification(ok, links, report.quote(), report.gpu());
  }

  /** Replays the event log against the quote's RTMRs; returns its runtime events when they match. */
  private static @Nullable DstackRuntimeEvents eventLog(AttestationReport report, List<VerificationLink> links) {
    String proves = "the event log (app id, compose hash, key provider, …) is the one measured into the TD"
        + " behind the quote";
    String json = report.eventLog().orElse(null);
    if (json == null || json.isBlank() || json.strip().equals("[]")) {
      links.add(new VerificationLink(EVENT_LOG_REPLAY, CheckStatus.NOT_RUN, proves, "the report has no event_log"));
      return null;
    }
    try {
      if (!(Quote.parse(report.intelQuote()).body() instanceof TdReport td)) {
        links.add(new VerificationLink(EVENT_LOG_REPLAY, CheckStatus.FAILED, proves, "the quote is not a TDX quote"));
        return null;
      }
      EventLog log = EventLog.parse(json);
      Rtmrs replayed = log.replay();
      for (int i = 0; i < 4; i++) {
        if (!replayed.get(i).equals(td.rtmr(i))) {
          links.add(new VerificationLink(EVENT_LOG_REPLAY, CheckStatus.FAILED, proves,
              "replayed RTMR" + i + " " + replayed.get(i).hex() + " differs from the quote's " + td.rtmr(i).hex()));
          return null;
        }
      }
      links.add(new VerificationLink(EVENT_LOG_REPLAY, CheckStatus.PASSED, proves,
          log.size() + " events replay to the quote's RTMR0-3"));
      return log.runtimeEvents();
    } catch (PhalaException e) {
      links.add(new VerificationLink(EVENT_LOG_REPLAY, CheckStatus.FAILED, proves, e.getMessage()));
      return null;
    }
  }

  private VerificationLink appIdentity(@Nullable DstackRuntimeEvents events) {
    String proves = "the TD runs an app and compose file the policy allows";
    if (events == null) {
      return new VerificationLink(APP_IDENTITY, CheckStatus.NOT_RUN, proves,
          "needs an event log that replays to the quote");
    }
    String appId = events.appId() == null ? null : events.appId().hex();
    String compose = events.composeHash() == null ? null : events.composeHash().hex();
    List<String> bad = new ArrayList<>();
    if (!policy.allowedAppIds().isEmpty() && (appId == null || !policy.allowedAppIds().contains(appId))) {
      bad.add("app id " + appId + " not allowed");
    }
    if (!policy.allowedComposeHashes().isEmpty()
        && (compose == null || !policy.allowedComposeHashes().contains(compose))) {
      bad.add("compose hash " + compose + " not allowed");
    }
    return new VerificationLink(APP_IDENTITY, bad.isEmpty() ? CheckStatus.PASSED : CheckStatus.FAILED, proves,
        bad.isEmpty() ? "app id " + appId + ", compose hash " + compose : String.join("; ", bad));
  }

  private static VerificationLink binding(AttestationReport report, Bytes32 nonce, boolean quoteVerified) {
    String version = report.version() >= 2 || report.tlsCertFingerprint() != null ? "v2" : "v1";
    String proves = "the TD behind the quote holds the signing key"
        + ("v2".equals(version) ? " and the TLS key" : "") + " and saw the caller's nonce (freshness)";
    try {
      Quote quote = Quote.parse(report.intelQuote());
      if (!(quote.body() instanceof TdReport td)) {
        return new VerificationLink(REPORT_DATA_BINDING, CheckStatus.FAILED, proves,
            "the quote is not a TDX quote (" + quote.teeType() + ")");
      }
      byte[] expected = ReportDataBinding.expected(report, nonce);
      byte[] actual = td.reportData();
      String caveat = quoteVerified ? "" : " (the quote itself is not verified, so this alone proves nothing)";
      if (ReportDataBinding.matches(actual, expected)) {
        return new VerificationLink(REPORT_DATA_BINDING, CheckStatus.PASSED, proves,
            version + " report_data binds " + report.signingAddress() + " and the nonce" + caveat);
      }
      return new VerificationLink(REPORT_DATA_BINDING, CheckStatus.FAILED, proves,
          version + " report_data " + Hex.encode(actual) + " differs from the expected " + Hex.encode(expected));
    } catch (PhalaException e) {
      return new VerificationLink(REPORT_DATA_BINDING, CheckStatus.FAILED, proves, e.getMessage());
    }
  }

  private @Nullable GpuEvidenceResult gpuLinks(AttestationReport report, Bytes32 nonce, List<VerificationLink> links) {
    String presentProves = "the report carries NVIDIA GPU evidence at all";
    NvidiaPayload payload;
    try {
      payload = report.nvidiaPayload().orElse(null);
    } catch (PhalaException e) {
      links.add(new VerificationLink(GPU_EVIDENCE_PRESENT, CheckStatus.FAILED, presentProves,
          "nvidia_payload is malformed: " + e.getMessage()));
      return null;
    }
    if (payload == null || payload.evidence().isEmpty()) {
      links.add(new VerificationLink(GPU_EVIDENCE_PRESENT,
          policy.requireGpuEvidence() ? CheckStatus.FAILED : CheckStatus.NOT_RUN, presentProves,
          payload == null ? "no nvidia_payload" : "empty evidence_list"));
      return null;
    }
    links.add(new VerificationLink(GPU_EVIDENCE_PRESENT, CheckStatus.PASSED, presentProves,
        payload.evidence().size() + " GPU(s)"));

    // Always the caller's nonce: the payload's own nonce field is just the server's claim.
    GpuEvidenceResult gpu = gpuVerifier.verify(payload, nonce);
    String proves = "every GPU is a genuine NVIDIA confidential-computing GPU whose signed report"
        + " answers the caller's nonce; the nonce is the only link between the GPUs and the TD";
    List<String> failures = new ArrayList<>();
    for (GpuResult g : gpu.gpus()) {
      if (!g.passed()) {
        List<CheckResult> f = g.failures();
        failures.add("GPU " + g.index() + ": " + (f.isEmpty() ? "a core check did not run"
            : f.stream().map(c -> c.check() + " (" + c.detail() + ")").collect(Collectors.joining(", "))));
      }
    }
    boolean payloadNonceMatches =
        MessageDigest.isEqual(payload.nonce().toByteArray(), nonce.toByteArray());
    boolean gpuOk = gpu.passed() && (gpu.complete() || !policy.requireCompleteGpuChecks());
    if (gpu.passed() && !gpuOk) {
      failures.add("the policy requires every GPU check, but RIM/OCSP checks did not run");
    }
    links.add(new VerificationLink(GPU_EVIDENCE, gpuOk ? CheckStatus.PASSED : CheckStatus.FAILED, proves,
        gpuOk
            ? gpu.gpus().size() + " GPU(s) passed" + (gpu.complete() ? "" : " (RIM/OCSP checks not run)")
            : String.join("; ", failures)
                + (payloadNonceMatches ? "" : "; nvidia_payload.nonce " + payload.nonce().hex()
                    + " is not the caller's nonce")));

    if (!policy.allowedDriverVersions().isEmpty() || !policy.allowedVbiosVersions().isEmpty()) {
      List<String> bad = new ArrayList<>();
      for (GpuResult g : gpu.gpus()) {
        check(bad, g.index(), "driver", g.driverVersion(), policy.allowedDriverVersions());
        check(bad, g.index(), "VBIOS", g.vbiosVersion(), policy.allowedVbiosVersions());
      }
      links.add(new VerificationLink(GPU_VERSIONS, bad.isEmpty() ? CheckStatus.PASSED : CheckStatus.FAILED,
          "the GPUs run driver and VBIOS versions the policy allows",
          bad.isEmpty() ? "all versions allowed" : String.join("; ", bad)));
    }
    links.add(nras(payload, nonce));
    return gpu;
  }

  /** Asks NRAS, when enabled, to judge the same evidence for the caller's nonce; verifies its tokens. */
  private VerificationLink nras(NvidiaPayload payload, Bytes32 nonce) {
    String proves = "NVIDIA's remote attestation service judged these GPUs' evidence, RIMs and revocation"
        + " for the caller's nonce, in ES384 tokens signed by a key from NVIDIA's JWKS";
    if (nras == null) {
      return new VerificationLink(GPU_NRAS, CheckStatus.NOT_RUN, proves,
          "NRAS is an online service and is not enabled (AiReportVerifier.Builder.nrasClient)");
    }
    try {
      NrasAttestation a = nras.attest(payload, nonce);
      if (!a.overallResult()) {
        List<String> gpus = new ArrayList<>();
        a.gpuClaims().forEach((name, claims) -> gpus.add(name + " measres=" + claims.get("measres")));
        return new VerificationLink(GPU_NRAS, CheckStatus.FAILED, proves,
            "NRAS verdict x-nvidia-overall-att-result=false (" + String.join(", ", gpus) + ")");
      }
      return new VerificationLink(GPU_NRAS, CheckStatus.PASSED, proves, "NRAS verdict true for "
          + a.gpuClaims().size() + " GPU(s); tokens verified, eat_nonce is the caller's nonce, ueid = leaf serials");
    } catch (PhalaException e) {
      return new VerificationLink(GPU_NRAS, CheckStatus.FAILED, proves, e.getMessage());
    }
  }

  private static void check(List<String> bad, int index, String what, Optional<String> version, Set<String> allowed) {
    if (!allowed.isEmpty() && (version.isEmpty() || !allowed.contains(version.get()))) {
      bad.add("GPU " + index + " " + what + " " + version.orElse("unknown") + " not allowed");
    }
  }

  private static VerificationLink link(String name, boolean ok, String proves, String pass, String fail) {
    return new VerificationLink(name, ok ? CheckStatus.PASSED : CheckStatus.FAILED, proves, ok ? pass : fail);
  }

  /** Builds an {@link AiReportVerifier}. */
  public static final class Builder {
    private @Nullable QuoteVerifier quoteVerifier;
    private @Nullable GpuEvidenceVerifier gpuVerifier;
    private AiVerificationPolicy policy = AiVerificationPolicy.defaults();
    private @Nullable NrasClient nras;

    private Builder() {}

    /**
     * Opts in to NVIDIA's remote attestation service: each verification with GPU evidence then sends
     * it to NRAS with the caller's nonce and adds a {@code gpu_nras} link (a failure is fatal
     * when {@link AiVerificationPolicy#gpuFailureFatal()} or {@link
     * AiVerificationPolicy#requireNras()} is). Without it that link is not run.
     *
     * @param client the NRAS client (not closed by the verifier)
     * @return this builder
     */
    public Builder nrasClient(NrasClient client) {
      this.nras = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the DCAP verifier (default: pinned Intel root).
     *
     * @param verifier the verifier
     * @return this builder
     */
    public Builder quoteVerifier(QuoteVerifier verifier) {
      this.quoteVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Sets the GPU evidence verifier (default: pinned NVIDIA roots, system clock, no RIMs).
     *
     * @param verifier the verifier
     * @return this builder
     */
    public Builder gpuVerifier(GpuEvidenceVerifier verifier) {
      this.gpuVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Sets the policy.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(AiVerificationPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     */
    public AiReportVerifier build() {
      return new AiReportVerifier(this);
    }
  }
}

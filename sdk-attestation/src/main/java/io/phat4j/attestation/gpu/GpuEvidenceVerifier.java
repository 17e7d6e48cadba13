package io.phat4j.attestation.gpu;

import io.phat4j.attestation.gpu.internal.CertPaths;
import io.phat4j.attestation.gpu.internal.Fwid;
import io.phat4j.attestation.gpu.internal.PinnedRoots;
import io.phat4j.core.Bytes32;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.PhalaException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Verifies NVIDIA GPU evidence offline, as NVIDIA's local verifier does: report parsing, nonce,
 * ECDSA P-384/SHA-384 report signature with the leaf key, device chain to the pinned NVIDIA Device
 * Identity CA, leaf FWID against the report's FWID, and, when a {@link RimSource} has the RIMs, RIM
 * signature, RIM chain to the pinned RIM root and golden-measurement comparison.
 *
 * <p>Revocation (OCSP) needs NVIDIA's online responder: with an {@link OcspProvider} the device
 * chain and both RIM signing chains are checked; without one those checks are reported as {@link
 * CheckStatus#NOT_RUN}. Verification fails closed: a check that cannot run after an earlier failure
 * is not run, a provider that cannot give a trustworthy answer fails its check, and {@link
 * GpuResult#passed()} requires the offline core to have passed. Instances are immutable and
 * thread-safe.
 *
 * <p>Hopper evidence carries its FWID in the last 48 bytes of the leaf's 2.23.133.5.4.1 extension;
 * Blackwell evidence carries it in a DICE {@code TcbInfo} structure under the same OID, whose first
 * SHA-384 FWID is compared.
 */
public final class GpuEvidenceVerifier {
  /** Device chain length NVIDIA's verifier requires (leaf … Device Identity CA). */
  public static final int DEVICE_CHAIN_LENGTH = 5;
  private static final String OCSP_NOT_RUN =
      "revocation needs NVIDIA's OCSP responder (ocsp.ndis.nvidia.com); no OCSP provider configured";

  private final Clock clock;
  private final X509Certificate deviceRoot;
  private final X509Certificate rimRoot;
  private final RimSource rimSource;
  private final @Nullable OcspProvider ocsp;
  private final boolean allowRimCertificateHold;

  private GpuEvidenceVerifier(Builder b) {
    this.clock = b.clock;
    this.deviceRoot = b.deviceRoot;
    this.rimRoot = b.rimRoot;
    this.rimSource = b.rimSource;
    this.ocsp = b.ocsp;
    this.allowRimCertificateHold = b.allowRimCertificateHold;
  }

  /**
   * Returns a builder with NVIDIA's pinned roots, the system clock and no RIMs.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns NVIDIA's pinned GPU device root ({@code CN=NVIDIA Device Identity CA}).
   *
   * @return the bundled root, checked against its SHA-256 fingerprint
   */
  public static X509Certificate nvidiaDeviceRoot() {
    return PinnedRoots.deviceRoot();
  }

  /**
   * Returns NVIDIA's pinned RIM root ({@code CN=NVIDIA CoRIM signing Root CA}).
   *
   * @return the bundled root, checked against its SHA-256 fingerprint
   */
  public static X509Certificate nvidiaRimRoot() {
    return PinnedRoots.rimRoot();
  }

  /**
   * Verifies every GPU in a payload against the caller's nonce.
   *
   * @param payload the parsed payload
   * @param expectedNonce the nonce the caller sent (for Phala, the one bound into the TDX quote)
   * @return the per-GPU and overall result
   */
  public GpuEvidenceResult verify(NvidiaPayload payload, Bytes32 expectedNonce) {
    List<GpuResult> gpus = new ArrayList<>();
    for (GpuEvidence e : payload.evidence()) {
      gpus.add(verify(e, payload.arch(), expectedNonce));
    }
    return new GpuEvidenceResult(expectedNonce, gpus);
  }

  /**
   * Verifies one GPU's evidence.
   *
   * @param evidence the GPU's chain and report
   * @param payloadArch the architecture of the payload it came in
   * @param expectedNonce the nonce the caller sent
   * @return the GPU's result
   */
  public GpuResult verify(GpuEvidence evidence, GpuArch payloadArch, Bytes32 expectedNonce) {
    Checks c = new Checks();
    boolean archOk = payloadArch == evidence.arch();
    c.add(CheckResult.of(GpuCheck.ARCH_CHECK, archOk, evidence.arch().name(),
        "entry architecture " + evidence.arch() + " differs from payload " + payloadArch));

    SpdmMeasurementReport report = null;
    try {
      report = SpdmMeasurementReport.parse(evidence.report());
      c.add(CheckResult.passed(GpuCheck.REPORT_PARSED, report.measurements().size() + " measurement blocks"));
    } catch (DecodeException e) {
      c.add(CheckResult.failed(GpuCheck.REPORT_PARSED, e.getMessage()));
    }
    List<X509Certificate> chain = evidence.certificateChain();
    X509Certificate leaf = chain.isEmpty() ? null : chain.get(0);
    String ueid = leaf == null ? null : leaf.getSerialNumber().toString();
    if (report == null) {
      c.notRunRest("the report did not parse");
      return new GpuResult(evidence.index(), evidence.arch(), c.list, null, null, ueid);
    }

    c.add(CheckResult.of(GpuCheck.NONCE_MATCH,
        MessageDigest.isEqual(report.requestNonce().toByteArray(), expectedNonce.toByteArray()),
        "request nonce equals the expected nonce",
        "request nonce " + report.requestNonce().hex() + " differs from the expected nonce "
            + expectedNonce.hex()));
    c.add(signature(report, leaf));
    CheckResult chainResult = chain(chain);
    c.add(chainResult);
    c.add(fwid(report, leaf, evidence.arch()));
    c.add(deviceOcsp(chain, chainResult));

    MeasurementComparison comparison = archOk ? rims(report, evidence.arch(), c) : null;
    if (!archOk) {
      c.notRunRest("the entry's architecture differs from the payload's");
    }
    return new GpuResult(evidence.index(), evidence.arch(), c.list, report, comparison, ueid);
  }

  private static CheckResult signature(SpdmMeasurementReport report, @Nullable X509Certificate leaf) {
    if (leaf == null) {
      return CheckResult.failed(GpuCheck.SIGNATURE_VERIFIED, "no leaf certificate");
    }
    if (!(leaf.getPublicKey() instanceof ECPublicKey key)
        || key.getParams().getCurve().getField().getFieldSize() != 384) {
      return CheckResult.failed(GpuCheck.SIGNATURE_VERIFIED, "leaf key is not an ECDSA P-384 key");
    }
    try {
      Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
      s.initVerify(key);
      s.update(report.signedBytes());
      boolean ok = s.verify(report.signature());
      return CheckResult.of(GpuCheck.SIGNATURE_VERIFIED, ok, "ECDSA P-384/SHA-384 with the leaf key",
          "report signature does not verify with the leaf certificate key");
    } catch (GeneralSecurityException e) {
      return CheckResult.failed(GpuCheck.SIGNATURE_VERIFIED, "report signature check failed: " + e.getMessage());
    }
  }

  private CheckResult chain(List<X509Certificate> chain) {
    if (chain.size() != DEVICE_CHAIN_LENGTH) {
      return CheckResult.failed(GpuCheck.CERT_CHAIN_VALIDATED,
          "device chain has " + chain.size() + " certificates, expected " + DEVICE_CHAIN_LENGTH);
    }
    // Like NVIDIA's verifier: the device-supplied root is dropped and the pinned root anchors the path.
    Instant now = clock.instant();
    Optional<String> problem = CertPaths.validate(chain.subList(0, chain.size() - 1), deviceRoot, now);
    return problem
        .map(p -> CheckResult.failed(GpuCheck.CERT_CHAIN_VALIDATED, p))
        .orElseGet(() -> CheckResult.passed(GpuCheck.CERT_CHAIN_VALIDATED,
            "chain validates to the pinned NVIDIA Device Identity CA at " + now));
  }

  private static CheckResult fwid(SpdmMeasurementReport report, @Nullable X509Certificate leaf, GpuArch arch) {
    Optional<byte[]> reportFwid = report.opaqueData().fwid();
    if (reportFwid.isEmpty()) {
      return CheckResult.failed(GpuCheck.FWID_MATCH, "report has no FWID (opaque type 20)");
    }
    Optional<byte[]> certFwid = leaf == null ? Optional.empty()
        : arch == GpuArch.BLACKWELL ? Fwid.ofTcbInfo(leaf) : Fwid.of(leaf);
    if (certFwid.isEmpty()) {
      return CheckResult.failed(GpuCheck.FWID_MATCH, arch == GpuArch.BLACKWELL
          ? "leaf certificate has no DICE TcbInfo extension " + Fwid.OID + " with a SHA-384 FWID"
          : "leaf certificate has no FWID extension " + Fwid.OID);
    }
    return CheckResult.of(GpuCheck.FWID_MATCH, MessageDigest.isEqual(certFwid.get(), reportFwid.get()),
        "leaf FWID extension equals the report FWID",
        "leaf FWID extension differs from the report FWID");
  }

  private CheckResult deviceOcsp(List<X509Certificate> chain, CheckResult chainResult) {
    if (ocsp == null) {
      return CheckResult.notRun(GpuCheck.CERT_CHAIN_OCSP, OCSP_NOT_RUN);
    }
    if (chainResult.status() != CheckStatus.PASSED) {
      return CheckResult.notRun(GpuCheck.CERT_CHAIN_OCSP, "the device chain did not validate");
    }
    List<X509Certificate> path = new ArrayList<>(chain.subList(0, chain.size() - 1));
    path.add(deviceRoot);
    // Like NVIDIA's verifier: the per-boot leaf is not asked about, only the CAs above it.
    return revocation(GpuCheck.CERT_CHAIN_OCSP, path, 1, false);
  }

  /** Asks the OCSP provider about path[from .. size-2]; the last element is the pinned root. */
  private CheckResult revocation(GpuCheck check, List<X509Certificate> path, int from, boolean holdAllowed) {
    OcspProvider provider = Objects.requireNonNull(ocsp);
    List<String> held = new ArrayList<>();
    int asked = 0;
    for (int i = from; i < path.size() - 1; i++) {
      X509Certificate cert = path.get(i);
      String name = cert.getSubjectX500Principal().getName();
      OcspResult r;
      try {
        r = provider.check(cert, List.copyOf(path.subList(i + 1, path.size())));
      } catch (PhalaException e) {
        return CheckResult.failed(check, "no trustworthy OCSP answer for " + name + ": " + e.getMessage());
      }
      asked++;
      if (r.status() == OcspStatus.UNKNOWN) {
        return CheckResult.failed(check, "the OCSP responder does not know " + name);
      }
      if (r.status() == OcspStatus.REVOKED) {
        if (r.onHold() && holdAllowed) {
          held.add(name);
        } else {
          return CheckResult.failed(check, name + " is revoked since " + r.revocationTime()
              + (r.revocationReason() == null ? "" : " (CRL reason " + r.revocationReason() + ")"));
        }
      }
    }
    return CheckResult.passed(check, asked + " certificate(s) good according to OCSP"
        + (held.isEmpty() ? "" : "; on hold, tolerated by configuration: " + held));
  }

  private @Nullable MeasurementComparison rims(SpdmMeasurementReport report, GpuArch arch, Checks c) {
    Optional<String> driverVersion = report.opaqueData().driverVersion();
    Optional<String> vbiosVersion = report.opaqueData().vbiosVersion();
    ReferenceIntegrityManifest driver = rim(RimKind.DRIVER, driverRimId(report, arch), driverVersion, c);
    ReferenceIntegrityManifest vbios = rim(RimKind.VBIOS, vbiosRimId(report), vbiosVersion, c);
    if (driver == null || vbios == null) {
      String why = "needs both the driver and the VBIOS RIM";
      c.add(CheckResult.notRun(GpuCheck.INDEX_NO_CONFLICT, why));
      c.add(CheckResult.notRun(GpuCheck.MEASUREMENTS_MATCH, why));
      return null;
    }
    MeasurementComparison cmp = MeasurementComparison.compare(report, driver, vbios);
    c.add(CheckResult.of(GpuCheck.INDEX_NO_CONFLICT, cmp.conflictingIndexes().isEmpty(),
        "no index is active in both RIMs", "indexes active in both RIMs: " + cmp.conflictingIndexes()));
    c.add(CheckResult.of(GpuCheck.MEASUREMENTS_MATCH, cmp.matches(),
        cmp.comparedIndexes().size() + " golden measurements match",
        cmp.mismatchedIndexes().size() + " of " + cmp.comparedIndexes().size()
            + " golden measurements mismatch: indexes " + cmp.mismatchedIndexes()
            + (cmp.missingIndexes().isEmpty() ? "" : "; missing in the report: " + cmp.missingIndexes())
            + (cmp.conflictingIndexes().isEmpty() ? "" : "; conflicting: " + cmp.conflictingIndexes())));
    return cmp;
  }

  private @Nullable ReferenceIntegrityManifest rim(
      RimKind kind, Optional<String> rimId, Optional<String> reportVersion, Checks c) {
    if (rimId.isEmpty()) {
      c.add(CheckResult.failed(kind.fetched, "the report lacks the fields that name the " + kind.label + " RIM"));
      c.notRun(kind, "no " + kind.label + " RIM id");
      return null;
    }
    Optional<byte[]> xml;
    try {
      xml = rimSource.find(rimId.get());
    } catch (PhalaException e) {
      c.add(CheckResult.failed(kind.fetched, "RIM " + rimId.get() + " could not be fetched: " + e.getMessage()));
      c.notRun(kind, "the RIM could not be fetched");
      return null;
    }
    if (xml.isEmpty()) {
      c.add(CheckResult.notRun(kind.fetched, "RIM " + rimId.get()
          + " not available offline; RIMs come from rim.attestation.nvidia.com (configure a RimSource)"));
      c.notRun(kind, "RIM " + rimId.get() + " not available");
      return null;
    }
    ReferenceIntegrityManifest rim;
    try {
      rim = ReferenceIntegrityManifest.parse(xml.get());
    } catch (DecodeException e) {
      c.add(CheckResult.failed(kind.fetched, "RIM " + rimId.get() + " is malformed: " + e.getMessage()));
      c.notRun(kind, "the RIM did not parse");
      return null;
    }
    c.add(CheckResult.passed(kind.fetched, "RIM " + rimId.get()));
    CheckResult sig;
    try {
      rim.verifySignature();
      sig = CheckResult.passed(kind.signature, "XML signature verifies with the RIM signer certificate");
    } catch (CryptoException | DecodeException e) {
      sig = CheckResult.failed(kind.signature, e.getMessage());
    }
    c.add(sig);
    Instant now = clock.instant();
    CheckResult cert = rim.validateChain(rimRoot, now)
        .map(p -> CheckResult.failed(kind.cert, p))
        .orElseGet(() -> CheckResult.passed(kind.cert, "RIM chain validates to the pinned RIM root at " + now));
    c.add(cert);
    c.add(rimOcsp(kind, rim, cert));
    String rimVersion = rim.version();
    boolean versionOk = reportVersion.isPresent()
        && rimVersion.equalsIgnoreCase(reportVersion.get());
    c.add(CheckResult.of(kind.version, versionOk, "RIM version " + rimVersion,
        "RIM version " + rimVersion + " differs from the report's " + reportVersion.orElse("(none)")));
    boolean available = rim.measurements().stream().anyMatch(GoldenMeasurement::active);
    c.add(CheckResult.of(kind.available, available,
        rim.measurements().size() + " golden measurements", "RIM holds no active golden measurement"));
    // Golden values from a RIM whose signature failed must not be trusted for the comparison.
    return sig.status() == CheckStatus.PASSED && available ? rim : null;
  }

  private CheckResult rimOcsp(RimKind kind, ReferenceIntegrityManifest rim, CheckResult cert) {
    if (ocsp == null) {
      return CheckResult.notRun(kind.ocsp, OCSP_NOT_RUN);
    }
    if (cert.status() != CheckStatus.PASSED) {
      return CheckResult.notRun(kind.ocsp, "the RIM signing chain did not validate");
    }
    List<X509Certificate> signing = rim.signingChain();
    List<X509Certificate> path = new ArrayList<>(
        signing.size() > 1 ? signing.subList(0, signing.size() - 1) : signing);
    path.add(rimRoot);
    return revocation(kind.ocsp, path, 0, allowRimCertificateHold);
  }

  /**
   * Returns NVIDIA's driver RIM id for a Hopper report ({@code NV_GPU_DRIVER_GH100_<version>}).
   *
   * @param report the report
   * @return the id, or empty without a driver version
   */
  public static Optional<String> driverRimId(SpdmMeasurementReport report) {
    return driverRimId(report, GpuArch.HOPPER);
  }

  /**
   * Returns NVIDIA's driver RIM id: {@code NV_GPU_DRIVER_GH100_<version>} on Hopper, {@code
   * NV_GPU_CC_DRIVER_<chip>_<version>} on Blackwell, where the chip is the report's CHIP_INFO
   * (opaque type 35) in upper case.
   *
   * @param report the report
   * @param arch the architecture the evidence claims
   * @return the id, or empty without a driver version (or, on Blackwell, without CHIP_INFO)
   */
  public static Optional<String> driverRimId(SpdmMeasurementReport report, GpuArch arch) {
    Optional<String> version = report.opaqueData().driverVersion();
    if (arch == GpuArch.HOPPER) {
      return version.map(v -> "NV_GPU_DRIVER_GH100_" + v);
    }
    Optional<String> chip = report.opaqueData().text(OpaqueData.CHIP_INFO).filter(t -> !t.isBlank());
    if (version.isEmpty() || chip.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("NV_GPU_CC_DRIVER_" + chip.get().strip().toUpperCase(Locale.ROOT) + "_" + version.get());
  }

  /**
   * Returns NVIDIA's VBIOS RIM id ({@code NV_GPU_VBIOS_<project>_<project sku>_<chip sku>_<vbios>}).
   *
   * @param report the report
   * @return the id, or empty when the report lacks one of the fields
   */
  public static Optional<String> vbiosRimId(SpdmMeasurementReport report) {
    OpaqueData o = report.opaqueData();
    Optional<String> project = o.text(OpaqueData.PROJECT);
    Optional<String> projectSku = o.text(OpaqueData.PROJECT_SKU);
    Optional<String> chipSku = o.text(OpaqueData.CHIP_SKU);
    Optional<String> vbios = o.vbiosVersion();
    if (project.isEmpty() || projectSku.isEmpty() || chipSku.isEmpty() || vbios.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(("NV_GPU_VBIOS_" + project.get() + "_" + projectSku.get() + "_" + chipSku.get()
        + "_" + vbios.get().replace(".", "")).toUpperCase(Locale.ROOT));
  }

  private enum RimKind {
    DRIVER("driver", GpuCheck.DRIVER_RIM_FETCHED, GpuCheck.DRIVER_RIM_SIGNATURE_VERIFIED,
        GpuCheck.DRIVER_RIM_CERT_VALIDATED, GpuCheck.DRIVER_RIM_OCSP, GpuCheck.DRIVER_RIM_VERSION_MATCH,
        GpuCheck.DRIVER_RIM_MEASUREMENTS_AVAILABLE),
    VBIOS("VBIOS", GpuCheck.VBIOS_RIM_FETCHED, GpuCheck.VBIOS_RIM_SIGNATURE_VERIFIED,
        GpuCheck.VBIOS_RIM_CERT_VALIDATED, GpuCheck.VBIOS_RIM_OCSP, GpuCheck.VBIOS_RIM_VERSION_MATCH,
        GpuCheck.VBIOS_RIM_MEASUREMENTS_AVAILABLE);

    final String label;
    final GpuCheck fetched;
    final GpuCheck signature;
    final GpuCheck cert;
    final GpuCheck ocsp;
    final GpuCheck version;
    final GpuCheck available;

    RimKind(String label, GpuCheck fetched, GpuCheck signature, GpuCheck cert, GpuCheck ocsp,
        GpuCheck version, GpuCheck available) {
      this.label = label;
      this.fetched = fetched;
      this.signature = signature;
      this.cert = cert;
      this.ocsp = ocsp;
      this.version = version;
      this.available = available;
    }
  }

  /** Collects results; checks never added are reported as not run. */
  private static final class Checks {
    final List<CheckResult> list = new ArrayList<>();

    void add(CheckResult r) {
      list.add(r);
    }

    void notRun(RimKind kind, String why) {
      for (GpuCheck g : List.of(kind.signature, kind.cert, kind.ocsp, kind.version, kind.available)) {
        add(CheckResult.notRun(g, why));
      }
    }

    void notRunRest(String why) {
      for (GpuCheck g : GpuCheck.values()) {
        if (list.stream().noneMatch(r -> r.check() == g)) {
          add(CheckResult.notRun(g, why));
        }
      }
    }
  }

  /** Builds a {@link GpuEvidenceVerifier}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private X509Certificate deviceRoot = PinnedRoots.deviceRoot();
    private X509Certificate rimRoot = PinnedRoots.rimRoot();
    private RimSource rimSource = RimSource.none();
    private @Nullable OcspProvider ocsp;
    private boolean allowRimCertificateHold;

    private Builder() {}

    /**
     * Sets the OCSP provider for the device and RIM signing chains; without one, those checks are
     * reported as not run. A provider that fails (unreachable, untrustworthy answer) fails the check.
     *
     * @param provider e.g. {@link OcspProvider#caching(OcspProvider, Clock)} around an {@link
     *     HttpOcspProvider}
     * @return this builder
     */
    public Builder ocspProvider(OcspProvider provider) {
      this.ocsp = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Tolerates RIM signing certificates that OCSP reports as revoked with reason {@code
     * certificateHold} (NVIDIA's {@code allow_hold_cert}); default off. Device certificates on hold
     * always fail.
     *
     * @param allow whether a hold passes
     * @return this builder
     */
    public Builder allowRimCertificateHold(boolean allow) {
      this.allowRimCertificateHold = allow;
      return this;
    }

    /**
     * Sets the clock certificate validity is checked against.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Replaces the pinned device root (for tests and private roots only).
     *
     * @param root the trust anchor for device chains
     * @return this builder
     */
    public Builder deviceRoot(X509Certificate root) {
      this.deviceRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * Replaces the pinned RIM root (for tests and private roots only).
     *
     * @param root the trust anchor for RIM signing chains
     * @return this builder
     */
    public Builder rimRoot(X509Certificate root) {
      this.rimRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * Sets where RIMs come from; without one, RIM checks are reported as not run.
     *
     * @param source the RIM source
     * @return this builder
     */
    public Builder rimSource(RimSource source) {
      this.rimSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     */
    public GpuEvidenceVerifier build() {
      return new GpuEvidenceVerifier(this);
    }
  }
}

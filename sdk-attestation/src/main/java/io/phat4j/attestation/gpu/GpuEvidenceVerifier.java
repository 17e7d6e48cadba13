package io.phat4j.attestation.gpu;

import io.phat4j.attestation.gpu.internal.CertPaths;
import io.phat4j.attestation.gpu.internal.Fwid;
import io.phat4j.attestation.gpu.internal.PinnedRoots;
import io.phat4j.core.Bytes32;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
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
 * <p>Revocation (OCSP) needs NVIDIA's online responder and is always reported as {@link
 * CheckStatus#NOT_RUN} here. Verification fails closed: a check that cannot run after an earlier
 * failure is not run, and {@link GpuResult#passed()} requires the offline core to have passed.
 * Instances are immutable and thread-safe.
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

  private GpuEvidenceVerifier(Builder b) {
    this.clock = b.clock;
    this.deviceRoot = b.deviceRoot;
    this.rimRoot = b.rimRoot;
    this.rimSource = b.rimSource;
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
    boolean archOk = evidence.arch() == GpuArch.HOPPER && payloadArch == evidence.arch();
    c.add(CheckResult.of(GpuCheck.ARCH_CHECK, archOk, "HOPPER",
        evidence.arch() != payloadArch
            ? "entry architecture " + evidence.arch() + " differs from payload " + payloadArch
            : evidence.arch() + " evidence is not supported yet (Hopper only)"));

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
    c.add(chain(chain));
    c.add(fwid(report, leaf));
    c.add(CheckResult.notRun(GpuCheck.CERT_CHAIN_OCSP, OCSP_NOT_RUN));

    MeasurementComparison comparison = archOk ? rims(report, c) : null;
    if (!archOk) {
      c.notRunRest("RIM checks are only implemented for Hopper");
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

  private static CheckResult fwid(SpdmMeasurementReport report, @Nullable X509Certificate leaf) {
    Optional<byte[]> reportFwid = report.opaqueData().fwid();
    if (reportFwid.isEmpty()) {
      return CheckResult.failed(GpuCheck.FWID_MATCH, "report has no FWID (opaque type 20)");
    }
    Optional<byte[]> certFwid = leaf == null ? Optional.empty() : Fwid.of(leaf);
    if (certFwid.isEmpty()) {
      return CheckResult.failed(GpuCheck.FWID_MATCH, "leaf certificate has no FWID extension " + Fwid.OID);
    }
    return CheckResult.of(GpuCheck.FWID_MATCH, MessageDigest.isEqual(certFwid.get(), reportFwid.get()),
        "leaf FWID extension equals the report FWID",
        "leaf FWID extension differs from the report FWID");
  }

  private @Nullable MeasurementComparison rims(SpdmMeasurementReport report, Checks c) {
    Optional<String> driverVersion = report.opaqueData().driverVersion();
    Optional<String> vbiosVersion = report.opaqueData().vbiosVersion();
    ReferenceIntegrityManifest driver = rim(RimKind.DRIVER, driverRimId(report), driverVersion, c);
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
    Optional<byte[]> xml = rimSource.find(rimId.get());
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
    c.add(rim.validateChain(rimRoot, now)
        .map(p -> CheckResult.failed(kind.cert, p))
        .orElseGet(() -> CheckResult.passed(kind.cert, "RIM chain validates to the pinned RIM root at " + now)));
    c.add(CheckResult.notRun(kind.ocsp, OCSP_NOT_RUN));
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

  /**
   * Returns NVIDIA's driver RIM id for a Hopper report ({@code NV_GPU_DRIVER_GH100_<version>}).
   *
   * @param report the report
   * @return the id, or empty without a driver version
   */
  public static Optional<String> driverRimId(SpdmMeasurementReport report) {
    return report.opaqueData().driverVersion().map(v -> "NV_GPU_DRIVER_GH100_" + v);
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

    private Builder() {}

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

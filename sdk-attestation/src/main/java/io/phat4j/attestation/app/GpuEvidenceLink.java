package io.phat4j.attestation.app;

import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.gpu.CheckResult;
import io.phat4j.attestation.gpu.GpuEvidenceResult;
import io.phat4j.attestation.gpu.GpuEvidenceVerifier;
import io.phat4j.attestation.gpu.GpuResult;
import io.phat4j.core.PhalaException;
import io.phat4j.core.json.PhalaJson;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The optional GPU link: when the app declares GPUs ({@code vm_config.num_gpus}) or presents GPU
 * evidence ({@link AppEvidence#withGpuAttestation(GpuAttestation)}), every GPU's evidence must
 * verify ({@link GpuEvidenceVerifier}: certificate chain to NVIDIA's root, SPDM report signature,
 * the caller's nonce, measurements where RIMs are available) and the quote's report data must bind
 * the same nonce (in its first or second 32 bytes, as Phala's private AI binds
 * {@code signing key ‖ nonce}). Not applicable when the app declares no GPUs and presents none.
 *
 * <pre>{@code
 * AppVerifier verifier = AppVerifier.builder()
 *     .collateralSource(pccs)
 *     .addLink(GpuEvidenceLink.of(GpuEvidenceVerifier.builder().build()))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class GpuEvidenceLink implements AppLink {
  /** The link's name in reports. */
  public static final String NAME = "gpu";

  private final GpuEvidenceVerifier verifier;

  private GpuEvidenceLink(GpuEvidenceVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * Creates the link.
   *
   * @param verifier the GPU evidence verifier (its roots, RIM and OCSP sources, clock)
   * @return the link
   */
  public static GpuEvidenceLink of(GpuEvidenceVerifier verifier) {
    return new GpuEvidenceLink(Objects.requireNonNull(verifier, "verifier"));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LinkResult check(AppLinkContext context) {
    AppEvidence evidence = context.evidence();
    long declared = declaredGpus(evidence.vmConfigJson());
    GpuAttestation gpu = evidence.gpuAttestation();
    if (gpu == null) {
      return declared > 0
          ? LinkResult.failed(NAME, "vm_config declares " + declared + " GPU(s) but the evidence carries no GPU evidence")
          : LinkResult.notApplicable(NAME, "the app declares no GPUs and presents no GPU evidence");
    }
    byte[] reportData = Quote.parse(evidence.quote()).body().reportData();
    byte[] nonce = gpu.nonce().toByteArray();
    if (!MessageDigest.isEqual(Arrays.copyOfRange(reportData, 0, 32), nonce)
        && !MessageDigest.isEqual(Arrays.copyOfRange(reportData, 32, 64), nonce)) {
      return LinkResult.failed(NAME, "the quote's report data does not bind the GPU nonce " + gpu.nonce().hex()
          + ", so the GPU evidence is not tied to this CVM");
    }
    GpuEvidenceResult result = verifier.verify(gpu.payload(), gpu.nonce());
    if (!result.passed()) {
      return LinkResult.failed(NAME, firstFailure(result));
    }
    if (declared > 0 && result.gpus().size() != declared) {
      return LinkResult.failed(NAME, "vm_config declares " + declared + " GPU(s), the evidence covers " + result.gpus().size());
    }
    return LinkResult.passed(NAME, result.gpus().size() + " GPU(s) verified for nonce " + gpu.nonce().hex().substring(0, 16)
        + "…" + (result.complete() ? "" : " (some optional checks did not run: RIMs or OCSP unavailable)"));
  }

  private static String firstFailure(GpuEvidenceResult result) {
    if (result.gpus().isEmpty()) {
      return "the GPU payload holds no GPU evidence";
    }
    for (int i = 0; i < result.gpus().size(); i++) {
      GpuResult g = result.gpus().get(i);
      for (CheckResult c : g.failures()) {
        return "GPU " + i + ": " + c.check() + ": " + c.detail();
      }
    }
    return "the GPU evidence did not verify";
  }

  /** {@code vm_config.num_gpus}, 0 when absent or unreadable (the OS-image link reports a bad config). */
  private static long declaredGpus(@Nullable String vmConfigJson) {
    if (vmConfigJson == null) {
      return 0;
    }
    try {
      return Math.max(0, PhalaJson.readTree("vm_config", vmConfigJson).path("num_gpus").asLong(0));
    } catch (PhalaException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "GpuEvidenceLink";
  }
}

package io.phat4j.ai;

import io.phat4j.attestation.dcap.VerificationPolicy;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AiReportVerifier} demands beyond the cryptographic links.
 *
 * @param requireGpuEvidence whether a report without GPU evidence (or with an empty list) fails
 * @param gpuFailureFatal whether a failing GPU fails the whole verification (Phala's own verifiers
 *     treat it as non-fatal; the default here is fatal)
 * @param allowedDriverVersions accepted GPU driver versions (empty: any)
 * @param allowedVbiosVersions accepted VBIOS versions, dotted lowercase (empty: any)
 * @param quotePolicy TCB-status and measurement policy for the TDX quote, or null for any status
 *     the DCAP verifier accepts
 * @param allowedAppIds accepted dstack app ids, lowercase hex without {@code 0x}, read from the
 *     event log replayed against the quote (empty: any)
 * @param allowedComposeHashes accepted compose hashes, lowercase hex, read the same way (empty: any)
 * @param requireCompleteGpuChecks whether every GPU check must have run and passed, including the
 *     RIM measurement comparison and OCSP, which need NVIDIA's online services (default: off, so an
 *     offline verification passes on the core checks and says which ones did not run)
 * @param requireNras whether the {@code gpu_nras} link must run and pass: NVIDIA's remote
 *     attestation service must have been enabled ({@link AiReportVerifier.Builder#nrasClient}) and
 *     have returned a verified, positive verdict (default: off)
 */
public record AiVerificationPolicy(
    boolean requireGpuEvidence,
    boolean gpuFailureFatal,
    Set<String> allowedDriverVersions,
    Set<String> allowedVbiosVersions,
    @Nullable VerificationPolicy quotePolicy,
    Set<String> allowedAppIds,
    Set<String> allowedComposeHashes,
    boolean requireCompleteGpuChecks,
    boolean requireNras) {
  /** Copies the sets, normalising ids and hashes to lowercase hex without {@code 0x}. */
  public AiVerificationPolicy {
    allowedDriverVersions = Set.copyOf(allowedDriverVersions);
    allowedVbiosVersions = Set.copyOf(allowedVbiosVersions);
    allowedAppIds = normalize(allowedAppIds);
    allowedComposeHashes = normalize(allowedComposeHashes);
  }

  private static Set<String> normalize(Set<String> hex) {
    return hex.stream().map(h -> {
      String l = h.strip().toLowerCase(java.util.Locale.ROOT);
      return l.startsWith("0x") ? l.substring(2) : l;
    }).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /**
   * Tells whether the policy pins the app (app ids or compose hashes).
   *
   * @return true when either list is set
   */
  public boolean pinsApp() {
    return !allowedAppIds.isEmpty() || !allowedComposeHashes.isEmpty();
  }

  /**
   * Returns a copy that accepts only the given app ids.
   *
   * @param appIds hex app ids ({@code 0x} optional)
   * @return the new policy
   */
  public AiVerificationPolicy withAllowedAppIds(String... appIds) {
    return new AiVerificationPolicy(requireGpuEvidence, gpuFailureFatal, allowedDriverVersions,
        allowedVbiosVersions, quotePolicy, Set.copyOf(List.of(appIds)), allowedComposeHashes,
        requireCompleteGpuChecks, requireNras);
  }

  /**
   * Returns a copy that accepts only the given compose hashes.
   *
   * @param hashes hex compose hashes ({@code 0x} optional)
   * @return the new policy
   */
  public AiVerificationPolicy withAllowedComposeHashes(String... hashes) {
    return new AiVerificationPolicy(requireGpuEvidence, gpuFailureFatal, allowedDriverVersions,
        allowedVbiosVersions, quotePolicy, allowedAppIds, Set.copyOf(List.of(hashes)),
        requireCompleteGpuChecks, requireNras);
  }

  /**
   * Returns the default policy: GPU evidence required, GPU failure fatal, any version, any TCB
   * status the DCAP verifier accepts.
   *
   * @return the default policy
   */
  public static AiVerificationPolicy defaults() {
    return new AiVerificationPolicy(true, true, Set.of(), Set.of(), null, Set.of(), Set.of(), false, false);
  }

  /**
   * Returns a copy that accepts only the given driver versions.
   *
   * @param versions e.g. {@code 570.172.08}
   * @return the new policy
   */
  public AiVerificationPolicy withAllowedDriverVersions(String... versions) {
    return new AiVerificationPolicy(requireGpuEvidence, gpuFailureFatal, Set.copyOf(List.of(versions)),
        allowedVbiosVersions, quotePolicy, allowedAppIds, allowedComposeHashes, requireCompleteGpuChecks,
        requireNras);
  }

  /**
   * Returns a copy with GPU failures fatal or not.
   *
   * @param fatal whether a GPU failure fails the verification
   * @return the new policy
   */
  public AiVerificationPolicy withGpuFailureFatal(boolean fatal) {
    return new AiVerificationPolicy(requireGpuEvidence, fatal, allowedDriverVersions, allowedVbiosVersions,
        quotePolicy, allowedAppIds, allowedComposeHashes, requireCompleteGpuChecks,
        requireNras);
  }

  /**
   * Returns a copy that requires every GPU check, RIM measurement comparison and OCSP included, to
   * have run and passed. Offline (no RIM source, no OCSP) that makes the GPU link fail.
   *
   * @param require whether incomplete GPU verification fails the link
   * @return the new policy
   */
  public AiVerificationPolicy withCompleteGpuChecksRequired(boolean require) {
    return new AiVerificationPolicy(requireGpuEvidence, gpuFailureFatal, allowedDriverVersions, allowedVbiosVersions,
        quotePolicy, allowedAppIds, allowedComposeHashes, require, requireNras);
  }

  /**
   * Returns a copy that requires NVIDIA's remote attestation verdict: the {@code gpu_nras} link must
   * run (an {@link io.phat4j.attestation.gpu.NrasClient} is configured) and pass, whatever {@link
   * #gpuFailureFatal()} says.
   *
   * @param require whether NRAS must run and pass
   * @return the new policy
   */
  public AiVerificationPolicy withNrasRequired(boolean require) {
    return new AiVerificationPolicy(requireGpuEvidence, gpuFailureFatal, allowedDriverVersions, allowedVbiosVersions,
        quotePolicy, allowedAppIds, allowedComposeHashes, requireCompleteGpuChecks, require);
  }
}

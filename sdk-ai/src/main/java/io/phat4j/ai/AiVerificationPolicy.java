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
 */
public record AiVerificationPolicy(
    boolean requireGpuEvidence,
    boolean gpuFailureFatal,
    Set<String> allowedDriverVersions,
    Set<String> allowedVbiosVersions,
    @Nullable VerificationPolicy quotePolicy) {
  /** Copies the sets. */
  public AiVerificationPolicy {
    allowedDriverVersions = Set.copyOf(allowedDriverVersions);
    allowedVbiosVersions = Set.copyOf(allowedVbiosVersions);
  }

  /**
   * Returns the default policy: GPU evidence required, GPU failure fatal, any version, any TCB
   * status the DCAP verifier accepts.
   *
   * @return the default policy
   */
  public static AiVerificationPolicy defaults() {
    return new AiVerificationPolicy(true, true, Set.of(), Set.of(), null);
  }

  /**
   * Returns a copy that accepts only the given driver versions.
   *
   * @param versions e.g. {@code 570.172.08}
   * @return the new policy
   */
  public AiVerificationPolicy withAllowedDriverVersions(String... versions) {
    return new AiVerificationPolicy(requireGpuEvidence, gpuFailureFatal, Set.copyOf(List.of(versions)),
        allowedVbiosVersions, quotePolicy);
  }

  /**
   * Returns a copy with GPU failures fatal or not.
   *
   * @param fatal whether a GPU failure fails the verification
   * @return the new policy
   */
  public AiVerificationPolicy withGpuFailureFatal(boolean fatal) {
    return new AiVerificationPolicy(requireGpuEvidence, fatal, allowedDriverVersions, allowedVbiosVersions,
        quotePolicy);
  }
}

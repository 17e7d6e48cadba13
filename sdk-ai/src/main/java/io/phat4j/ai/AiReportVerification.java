package io.phat4j.ai;

import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.attestation.gpu.CheckStatus;
import io.phat4j.attestation.gpu.GpuEvidenceResult;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of verifying a confidential-AI attestation report: every link, what it proves, and
 * the overall verdict.
 *
 * <p>A report fetched now attests that the signing key lives in a verified TEE <em>now</em>; it
 * says nothing about which quote existed when an earlier response was signed.
 *
 * @param ok whether every required link held and no fatal link failed
 * @param links every link in verification order
 * @param quote the verified quote, or null when the TDX step did not pass
 * @param gpu the GPU evidence result, or null when none was verified
 */
public record AiReportVerification(
    boolean ok, List<VerificationLink> links, @Nullable VerifiedQuote quote, @Nullable GpuEvidenceResult gpu) {
  /** Copies the list. */
  public AiReportVerification {
    links = List.copyOf(links);
  }

  /**
   * Returns one link by name.
   *
   * @param name the link name
   * @return the link, or empty when it was not part of this verification
   */
  public Optional<VerificationLink> link(String name) {
    return links.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /**
   * Returns the links that failed.
   *
   * @return the failures, in order
   */
  public List<VerificationLink> failures() {
    return links.stream().filter(l -> l.status() == CheckStatus.FAILED).toList();
  }
}

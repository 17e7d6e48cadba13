package io.phat4j.attestation.gpu;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One GPU's entry in an {@code nvidia_payload}: its device certificate chain (leaf first, as the
 * GPU supplied it) and its raw attestation report.
 *
 * @param index the position in {@code evidence_list} (the GPU index)
 * @param arch the architecture the entry claims
 * @param certificateChain the device chain, leaf first, including the device-supplied root
 * @param report the raw SPDM report bytes; {@link #report()} returns a copy
 */
public record GpuEvidence(int index, GpuArch arch, List<X509Certificate> certificateChain, byte[] report) {
  /** Copies the chain and report so the record stays immutable. */
  public GpuEvidence {
    certificateChain = List.copyOf(certificateChain);
    report = report.clone();
  }

  /**
   * Returns a copy of the raw report bytes.
   *
   * @return the report
   */
  @Override
  public byte[] report() {
    return report.clone();
  }

  /** Returns the index, architecture, chain length and report length. */
  @Override
  public String toString() {
    return "GpuEvidence[index=" + index + ", arch=" + arch + ", certificates="
        + certificateChain.size() + ", report=" + report.length + "B]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GpuEvidence e
        && e.index == index
        && e.arch == arch
        && e.certificateChain.equals(certificateChain)
        && java.util.Arrays.equals(e.report, report);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(index, arch, certificateChain, java.util.Arrays.hashCode(report));
  }
}

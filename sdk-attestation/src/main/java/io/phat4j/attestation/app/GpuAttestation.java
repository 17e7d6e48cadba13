package io.phat4j.attestation.app;

import io.phat4j.attestation.gpu.NvidiaPayload;
import io.phat4j.core.Bytes32;
import java.util.Objects;

/**
 * The NVIDIA GPU evidence an app presents next to its quote, for {@link GpuEvidenceLink}.
 *
 * @param payload the NVIDIA attestation payload (every GPU's certificate chain and SPDM report)
 * @param nonce the nonce the caller sent; the GPUs' reports must carry it and the quote's report
 *     data must bind it, which is the only link between the CPU and GPU evidence
 */
public record GpuAttestation(NvidiaPayload payload, Bytes32 nonce) {
  /** Checks the components. */
  public GpuAttestation {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(nonce, "nonce");
  }
}

package io.phat4j.attestation.gpu;

import io.phat4j.core.Bytes32;
import java.util.List;

/**
 * The verification result for a whole {@code nvidia_payload}: one {@link GpuResult} per GPU.
 *
 * @param expectedNonce the nonce the caller required
 * @param gpus the per-GPU results, in evidence order
 */
public record GpuEvidenceResult(Bytes32 expectedNonce, List<GpuResult> gpus) {
  /** Copies the list. */
  public GpuEvidenceResult {
    gpus = List.copyOf(gpus);
  }

  /**
   * Tells whether there is at least one GPU and every GPU {@link GpuResult#passed() passed}
   * (NVIDIA's {@code x-nvidia-overall-att-result} restricted to the checks that ran).
   *
   * @return the overall result
   */
  public boolean passed() {
    return !gpus.isEmpty() && gpus.stream().allMatch(GpuResult::passed);
  }

  /**
   * Tells whether every GPU passed every check, including RIM and OCSP checks.
   *
   * @return true only for a complete, successful verification
   */
  public boolean complete() {
    return !gpus.isEmpty() && gpus.stream().allMatch(GpuResult::complete);
  }
}

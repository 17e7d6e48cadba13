package io.phat4j.attestation.gpu;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verified NRAS result: NVIDIA's overall verdict and the claims of the platform and GPU tokens,
 * all signed by NVIDIA and bound to the caller's nonce.
 *
 * @param overallResult {@code x-nvidia-overall-att-result} from the platform token
 * @param platformClaims the platform token's claims
 * @param gpuClaims each GPU token's claims by submodule name ({@code GPU-0}, …)
 */
public record NrasAttestation(
    boolean overallResult, Map<String, Object> platformClaims, Map<String, Map<String, Object>> gpuClaims) {
  /** Copies the maps. */
  public NrasAttestation {
    platformClaims = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(platformClaims));
    Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
    gpuClaims.forEach((k, v) -> copy.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    gpuClaims = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Checks that NRAS judged exactly these GPUs: GPU token {@code GPU-i}'s {@code ueid} must be the
   * decimal serial of evidence {@code i}'s leaf certificate.
   *
   * @param payload the evidence that was sent to NRAS
   * @throws NrasVerificationException if the GPU count or a {@code ueid} differs
   */
  public void requireSameGpus(NvidiaPayload payload) {
    List<GpuEvidence> evidence = payload.evidence();
    if (evidence.size() != gpuClaims.size()) {
      throw new NrasVerificationException("NRAS judged " + gpuClaims.size() + " GPUs, the payload has "
          + evidence.size());
    }
    for (GpuEvidence e : evidence) {
      String name = "GPU-" + e.index();
      Map<String, Object> claims = gpuClaims.get(name);
      if (claims == null) {
        throw new NrasVerificationException("NRAS result has no token for " + name);
      }
      if (e.certificateChain().isEmpty()) {
        throw new NrasVerificationException(name + " evidence has no leaf certificate");
      }
      X509Certificate leaf = e.certificateChain().get(0);
      String serial = leaf.getSerialNumber().toString();
      if (!serial.equals(String.valueOf(claims.get("ueid")))) {
        throw new NrasVerificationException(name + " ueid " + claims.get("ueid")
            + " is not the leaf certificate serial " + serial);
      }
    }
  }
}

package io.phat4j.attestation.gpu;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The checks {@link GpuEvidenceVerifier} runs on one GPU, with the NVIDIA claim name each one
 * corresponds to where NVIDIA's verifier has one.
 */
public enum GpuCheck {
  /** The entry's architecture is one this verifier supports and matches the payload's. */
  ARCH_CHECK("x-nvidia-gpu-arch-check"),
  /** The SPDM report parsed strictly. */
  REPORT_PARSED("x-nvidia-gpu-attestation-report-parsed"),
  /** The request nonce equals the caller's nonce (proves freshness). */
  NONCE_MATCH("x-nvidia-gpu-attestation-report-nonce-match"),
  /** The ECDSA P-384/SHA-384 report signature verifies with the leaf certificate's key. */
  SIGNATURE_VERIFIED("x-nvidia-gpu-attestation-report-signature-verified"),
  /** The device chain validates to NVIDIA's pinned Device Identity CA (device root replaced). */
  CERT_CHAIN_VALIDATED("x-nvidia-gpu-attestation-report-cert-chain-validated"),
  /** The leaf certificate's FWID extension equals the report's FWID. */
  FWID_MATCH("x-nvidia-gpu-attestation-report-cert-chain-fwid-match"),
  /** Revocation of the device chain via NVIDIA's OCSP responder (online only). */
  CERT_CHAIN_OCSP(null),
  /** A driver RIM for the report's driver version was found. */
  DRIVER_RIM_FETCHED("x-nvidia-gpu-driver-rim-fetched"),
  /** The driver RIM's XML signature verifies with its signer certificate. */
  DRIVER_RIM_SIGNATURE_VERIFIED("x-nvidia-gpu-driver-rim-signature-verified"),
  /** The driver RIM's signer chain validates to NVIDIA's pinned RIM root. */
  DRIVER_RIM_CERT_VALIDATED("x-nvidia-gpu-driver-rim-cert-validated"),
  /** Revocation of the driver RIM chain via OCSP (online only). */
  DRIVER_RIM_OCSP(null),
  /** The driver RIM's version equals the report's driver version. */
  DRIVER_RIM_VERSION_MATCH("x-nvidia-gpu-driver-rim-version-match"),
  /** The driver RIM holds golden measurements. */
  DRIVER_RIM_MEASUREMENTS_AVAILABLE("x-nvidia-gpu-driver-rim-measurements-available"),
  /** A VBIOS RIM for the report's VBIOS was found. */
  VBIOS_RIM_FETCHED("x-nvidia-gpu-vbios-rim-fetched"),
  /** The VBIOS RIM's XML signature verifies with its signer certificate. */
  VBIOS_RIM_SIGNATURE_VERIFIED("x-nvidia-gpu-vbios-rim-signature-verified"),
  /** The VBIOS RIM's signer chain validates to NVIDIA's pinned RIM root. */
  VBIOS_RIM_CERT_VALIDATED("x-nvidia-gpu-vbios-rim-cert-validated"),
  /** Revocation of the VBIOS RIM chain via OCSP (online only). */
  VBIOS_RIM_OCSP(null),
  /** The VBIOS RIM's version equals the report's VBIOS version. */
  VBIOS_RIM_VERSION_MATCH("x-nvidia-gpu-vbios-rim-version-match"),
  /** The VBIOS RIM holds golden measurements. */
  VBIOS_RIM_MEASUREMENTS_AVAILABLE("x-nvidia-gpu-vbios-rim-measurements-available"),
  /** No measurement index is active in both the driver and the VBIOS RIM. */
  INDEX_NO_CONFLICT("x-nvidia-gpu-vbios-index-no-conflict"),
  /** Every active golden measurement matches the report ({@code measres == "success"}). */
  MEASUREMENTS_MATCH("measres");

  private final @Nullable String claim;

  GpuCheck(@Nullable String claim) {
    this.claim = claim;
  }

  /**
   * Returns the NVIDIA claim name this check mirrors.
   *
   * @return the claim name, or empty when NVIDIA reports it differently (OCSP)
   */
  public Optional<String> claimName() {
    return Optional.ofNullable(claim);
  }
}

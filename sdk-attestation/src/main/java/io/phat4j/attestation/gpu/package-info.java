/**
 * NVIDIA GPU confidential-computing evidence: parsing and offline verification.
 *
 * <p>{@link io.phat4j.attestation.gpu.NvidiaPayload} parses the {@code nvidia_payload} JSON that
 * Phala's attestation report carries, {@link io.phat4j.attestation.gpu.SpdmMeasurementReport}
 * parses each GPU's SPDM GET_MEASUREMENTS report, {@link
 * io.phat4j.attestation.gpu.ReferenceIntegrityManifest} parses and checks NVIDIA's signed RIMs, and
 * {@link io.phat4j.attestation.gpu.GpuEvidenceVerifier} runs every check that can be done offline
 * and returns a {@link io.phat4j.attestation.gpu.GpuEvidenceResult} that names each check that
 * passed, failed or was not run (revocation and RIM fetching need NVIDIA's online services and
 * plug in through {@link io.phat4j.attestation.gpu.RimSource}).
 */
@NullMarked
package io.phat4j.attestation.gpu;

import org.jspecify.annotations.NullMarked;

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
 *
 * <p>{@link io.phat4j.attestation.gpu.NrasVerifier} checks a reply of NVIDIA's remote attestation
 * service ({@link io.phat4j.attestation.gpu.NrasResponse}) offline against a JWKS: ES384
 * signatures, nonce, per-GPU digests and expiry.
 *
 * <p>Online providers, all optional: {@link io.phat4j.attestation.gpu.HttpRimSource} fetches RIMs
 * from NVIDIA's RIM service (cached), {@link io.phat4j.attestation.gpu.HttpOcspProvider} asks
 * NVIDIA's OCSP responder about the device and RIM chains (wrap it with {@link
 * io.phat4j.attestation.gpu.OcspProvider#caching}), and {@link
 * io.phat4j.attestation.gpu.NrasClient} submits evidence to NRAS and verifies the reply against the
 * JWKS it fetches and caches. Offline, the checks they serve are reported as not run.
 *
 * <p>What the checks prove: a passed report signature, device chain and FWID show that a genuine
 * NVIDIA GPU with that firmware signed these measurements; a passed nonce shows the report is
 * fresh for the caller's nonce. Nothing in the GPU report names the confidential VM, so binding the
 * GPU to a TDX quote rests on the two sharing that nonce.
 */
@NullMarked
package io.phat4j.attestation.gpu;

import org.jspecify.annotations.NullMarked;

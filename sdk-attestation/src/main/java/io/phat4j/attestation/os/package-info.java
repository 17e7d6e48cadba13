/**
 * Checks that a dstack TDX CVM booted the OS image it claims: MRTD and RTMR0–2 recomputed from
 * the image's measurement material and VM shape, as dstack's verifier and dstack-mr do.
 *
 * <p>{@link io.phat4j.attestation.os.OsImageVerifier} is the entry point and returns an {@link
 * io.phat4j.attestation.os.OsImageCheck}; {@link io.phat4j.attestation.os.VmConfig} parses a CVM's
 * {@code vm_config}; {@link io.phat4j.attestation.os.ReferenceValues} holds the values the caller
 * pins (ACPI digests per VM shape, known images, expected registers); {@link
 * io.phat4j.attestation.os.TdxMeasurementCalculator} computes expected registers and event
 * digests on its own (for simulators and image builds).
 */
@NullMarked
package io.phat4j.attestation.os;

import org.jspecify.annotations.NullMarked;

/**
 * RA-TLS: TLS certificates whose extensions carry a dstack app's attestation, bound to the
 * certificate's key.
 *
 * <p>{@link io.phat4j.attestation.ratls.RaTlsCertificate} reads such a certificate (v0 SCALE and v1
 * msgpack attestations, and the legacy quote extensions) and checks the key binding exactly as
 * dstack's {@code ra-tls} crate does.
 */
@NullMarked
package io.phat4j.attestation.ratls;

import org.jspecify.annotations.NullMarked;

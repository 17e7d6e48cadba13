/**
 * Verify a dstack app in one call: {@link io.phat4j.attestation.app.AppVerifier} takes
 * {@link io.phat4j.attestation.app.AppEvidence} (a quote, its event log and VM configuration,
 * from any of the shapes dstack and Phala Cloud produce) and an
 * {@link io.phat4j.attestation.app.AppPolicy}, and returns an
 * {@link io.phat4j.attestation.app.AppVerification}: each link (quote, event log, OS image, app
 * identity, optional links) passed, failed with its reason, or not applicable, with a text report
 * and dstack-verifier's JSON.
 *
 * <p>Why it lives in sdk-attestation: every built-in link needs only the DCAP verifier in this
 * module and the dstack types in sdk-core, so a service that verifies apps does not pull in web3j
 * or the cloud client. What does need them plugs in through {@link io.phat4j.attestation.app.AppLink}:
 * the on-chain allowlist link and the Phala Cloud evidence factory live in sdk-contracts, next to
 * {@code DstackApp}, {@code DstackKms} and the cloud types.
 */
@NullMarked
package io.phat4j.attestation.app;

import org.jspecify.annotations.NullMarked;

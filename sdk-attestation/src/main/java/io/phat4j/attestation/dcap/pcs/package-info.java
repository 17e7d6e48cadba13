/**
 * Online collateral: a client for Intel PCS and PCCS servers (API v4) and a thread-safe cache.
 *
 * <p>{@link io.phat4j.attestation.dcap.pcs.PcsCollateralClient} fetches the four signed parts of a
 * quote's collateral (PCK CRL, root CA CRL, TCB info, QE identity) and assembles a {@link
 * io.phat4j.attestation.dcap.QuoteCollateral}. {@link
 * io.phat4j.attestation.dcap.pcs.CachingCollateralSource} keeps collateral per {@link
 * io.phat4j.attestation.dcap.pcs.CollateralKey} until its earliest {@code nextUpdate}. Nothing here
 * verifies signatures: the verifier does that with the collateral it is given.
 */
@NullMarked
package io.phat4j.attestation.dcap.pcs;

import org.jspecify.annotations.NullMarked;

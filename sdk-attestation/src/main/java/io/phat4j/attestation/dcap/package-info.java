/**
 * Intel DCAP quote verification for SGX (quote v3) and TDX (quote v4, v5).
 *
 * <p>{@link io.phat4j.attestation.dcap.Quote} parses quotes, {@link
 * io.phat4j.attestation.dcap.QuoteCollateral} carries Intel's signed collateral, {@link
 * io.phat4j.attestation.dcap.QuoteVerifier} checks a quote against it and returns a {@link
 * io.phat4j.attestation.dcap.VerifiedQuote}, and {@link io.phat4j.attestation.dcap.VerificationPolicy}
 * decides whether a verified quote is acceptable to the caller.
 */
@NullMarked
package io.phat4j.attestation.dcap;

import org.jspecify.annotations.NullMarked;

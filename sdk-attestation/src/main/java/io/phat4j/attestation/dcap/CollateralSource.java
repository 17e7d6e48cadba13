package io.phat4j.attestation.dcap;

/**
 * Supplies the collateral for a quote: from files, a cache, or (in a later version) a PCCS or
 * Intel PCS over HTTP.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CollateralSource {
  /**
   * Returns collateral suitable for the quote (its TEE type and its PCK certificate's FMSPC).
   *
   * @param quote the parsed quote
   * @return the collateral
   * @throws io.phat4j.core.PhalaException if the collateral cannot be obtained
   */
  QuoteCollateral collateralFor(Quote quote);
}

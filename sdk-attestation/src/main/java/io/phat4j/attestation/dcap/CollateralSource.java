package io.phat4j.attestation.dcap;

/**
 * Supplies the collateral for a quote: from a file ({@link FileCollateralSource}), a PCCS or Intel
 * PCS over HTTP ({@link io.phat4j.attestation.dcap.pcs.PcsCollateralClient}), or a cache in front of
 * either ({@link io.phat4j.attestation.dcap.pcs.CachingCollateralSource}).
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

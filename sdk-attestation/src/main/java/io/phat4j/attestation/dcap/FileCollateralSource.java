package io.phat4j.attestation.dcap;

import java.nio.file.Path;

/**
 * Offline collateral: one {@code QuoteCollateralV3} JSON file, read once and returned for every
 * quote (the verifier rejects it if its FMSPC or TEE type does not fit the quote).
 *
 * <p>Immutable and thread-safe.
 */
public final class FileCollateralSource implements CollateralSource {
  private final QuoteCollateral collateral;

  private FileCollateralSource(QuoteCollateral collateral) {
    this.collateral = collateral;
  }

  /**
   * Reads the collateral file now.
   *
   * @param file a collateral JSON file
   * @return the source
   * @throws io.phat4j.core.DecodeException if the JSON is malformed
   * @throws io.phat4j.core.PhalaException if the file cannot be read
   */
  public static FileCollateralSource of(Path file) {
    return new FileCollateralSource(QuoteCollateral.read(file));
  }

  @Override
  public QuoteCollateral collateralFor(Quote quote) {
    return collateral;
  }
}

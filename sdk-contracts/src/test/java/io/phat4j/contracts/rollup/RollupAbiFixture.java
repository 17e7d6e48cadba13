package io.phat4j.contracts.rollup;

/** Selectors as solc reports them (evm.methodIdentifiers of the compiled anchor). */
final class RollupAbiFixture {
  static final String ROLLUP_SELECTOR = "a51831a8";
  static final String META_TX_SELECTOR = "ad0bc464";

  private RollupAbiFixture() {}
}

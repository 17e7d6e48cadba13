package io.phat4j.testkit;

/** A TCB status as written in TCB Info and QE identity JSON ({@code tcbStatus}). */
public enum TcbLevelStatus {
  /** The platform/enclave is up to date. */
  UP_TO_DATE("UpToDate"),
  /** Up to date, but software hardening is needed for some advisories. */
  SW_HARDENING_NEEDED("SWHardeningNeeded"),
  /** Up to date, but the platform configuration needs attention. */
  CONFIGURATION_NEEDED("ConfigurationNeeded"),
  /** Both configuration and software hardening are needed. */
  CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
  /** The TCB is out of date. */
  OUT_OF_DATE("OutOfDate"),
  /** Out of date and configuration needed. */
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
  /** The TCB level is revoked. */
  REVOKED("Revoked");

  private final String jsonName;

  TcbLevelStatus(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * Returns the spelling used in JSON and by verifiers' output.
   *
   * @return e.g. {@code "UpToDate"}
   */
  public String jsonName() {
    return jsonName;
  }
}

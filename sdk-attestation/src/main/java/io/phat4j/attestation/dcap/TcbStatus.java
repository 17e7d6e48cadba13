package io.phat4j.attestation.dcap;

/**
 * A TCB status from Intel's TCB info or QE identity, ordered from best to worst.
 *
 * <p>{@link #UNKNOWN} stands for any string this version does not know; the verifier treats it
 * like {@link #REVOKED}: a quote whose matching level has either status fails verification.
 */
public enum TcbStatus {
  /** The platform is patched to the latest TCB. */
  UP_TO_DATE("UpToDate"),
  /** Up to date, but software mitigations for some advisories are needed. */
  SW_HARDENING_NEEDED("SWHardeningNeeded"),
  /** Up to date, but the platform configuration needs changes (e.g. BIOS settings). */
  CONFIGURATION_NEEDED("ConfigurationNeeded"),
  /** Both configuration changes and software hardening are needed. */
  CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
  /** The TCB is older than the latest; known advisories apply. */
  OUT_OF_DATE("OutOfDate"),
  /** Out of date and the configuration needs changes. */
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
  /** The TCB level is revoked. */
  REVOKED("Revoked"),
  /** A status string this version does not know. */
  UNKNOWN("Unknown");

  private final String wireName;

  TcbStatus(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns Intel's spelling of the status (e.g. {@code "UpToDate"}).
   *
   * @return the wire name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Maps Intel's spelling to the enum; unknown strings give {@link #UNKNOWN}.
   *
   * @param wireName the status string from JSON
   * @return the status
   */
  public static TcbStatus fromWireName(String wireName) {
    for (TcbStatus s : values()) {
      if (s != UNKNOWN && s.wireName.equals(wireName)) {
        return s;
      }
    }
    return UNKNOWN;
  }

  /**
   * Returns the worse of two statuses.
   *
   * @param other the other status
   * @return the one with higher severity
   */
  public TcbStatus worse(TcbStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /**
   * Tells whether the status is usable at all (not revoked and known).
   *
   * @return {@code false} for {@link #REVOKED} and {@link #UNKNOWN}
   */
  public boolean isValid() {
    return this != REVOKED && this != UNKNOWN;
  }

  @Override
  public String toString() {
    return wireName;
  }
}

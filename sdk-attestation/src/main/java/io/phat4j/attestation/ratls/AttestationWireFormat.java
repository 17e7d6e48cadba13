package io.phat4j.attestation.ratls;

/** How an RA-TLS certificate carries its attestation. */
public enum AttestationWireFormat {
  /** dstack's SCALE-encoded {@code VersionedAttestation::V0} in the attestation extension. */
  V0_SCALE("v0-scale"),
  /** dstack's msgpack {@code VersionedAttestation::V1} (dstack 0.6 {@code IssueCert}). */
  V1_MSGPACK("v1-msgpack"),
  /**
   * A raw TDX quote and a JSON event log in two extensions (dstack before the versioned
   * attestation); dstack reads it as a v0 attestation with an empty config.
   */
  LEGACY_QUOTE_EXTENSIONS("legacy-quote-extensions");

  private final String wireName;

  AttestationWireFormat(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name used in JSON reports.
   *
   * @return {@code v0-scale}, {@code v1-msgpack} or {@code legacy-quote-extensions}
   */
  public String wireName() {
    return wireName;
  }
}

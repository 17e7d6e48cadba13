package io.phat4j.attestation.ratls;

/**
 * The X.509 extensions dstack writes into RA-TLS certificates (OIDs under Phala's enterprise arc
 * 1.3.6.1.4.1.62397, as in dstack's {@code ra-tls} crate). Each value is DER: an OCTET STRING whose
 * content is the payload.
 */
public enum RaTlsExtension {
  /** The raw TDX quote of certificates from dstack before the versioned attestation (legacy). */
  TDX_QUOTE("1.3.6.1.4.1.62397.1.1", "tdx_quote"),
  /** The TDX event log as JSON, beside {@link #TDX_QUOTE} (legacy; may be gzip with {@code ELGZv1}). */
  EVENT_LOG("1.3.6.1.4.1.62397.1.2", "event_log"),
  /** The app id the issuer (the app's KMS or local CA) asserts. */
  APP_ID("1.3.6.1.4.1.62397.1.3", "app_id"),
  /** The special usage string, e.g. {@code app:custom} or {@code ra-tls}. */
  SPECIAL_USAGE("1.3.6.1.4.1.62397.1.4", "special_usage"),
  /** dstack's versioned attestation: SCALE v0 or msgpack v1. */
  ATTESTATION("1.3.6.1.4.1.62397.1.8", "attestation"),
  /** The app info (msgpack) a KMS-issued certificate may carry as an issuer claim. */
  APP_INFO("1.3.6.1.4.1.62397.1.9", "app_info");

  private final String oid;
  private final String label;

  RaTlsExtension(String oid, String label) {
    this.oid = oid;
    this.label = label;
  }

  /**
   * Returns the dotted object identifier.
   *
   * @return e.g. {@code 1.3.6.1.4.1.62397.1.8}
   */
  public String oid() {
    return oid;
  }

  /**
   * Returns the short name used in reports and error messages.
   *
   * @return e.g. {@code attestation}
   */
  public String label() {
    return label;
  }

  /**
   * Returns the name and OID, as error messages show them.
   *
   * @return e.g. {@code attestation (1.3.6.1.4.1.62397.1.8)}
   */
  @Override
  public String toString() {
    return label + " (" + oid + ")";
  }
}

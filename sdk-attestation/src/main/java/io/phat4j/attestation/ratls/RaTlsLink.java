package io.phat4j.attestation.ratls;

/** The links an RA-TLS trust decision is made of, as {@link RaTlsVerificationException} names them. */
public enum RaTlsLink {
  /** The peer presented a certificate chain that could be read (PEM/DER, the chain's signatures). */
  CERTIFICATE_CHAIN("certificate chain"),
  /** The RA-TLS extensions are present and decode. */
  EXTENSIONS("RA-TLS extensions"),
  /** The quote's report data binds the certificate's public key (dstack's rule for the format). */
  KEY_BINDING("key binding"),
  /**
   * The evidence passed the app verifier with the caller's policy (quote and TCB, event log, OS
   * image, app identity and the allowed compose hashes or app ids); the reason names the app
   * verifier's failing links.
   */
  APP_VERIFICATION("app verification"),
  /** The pinned key of an earlier verification (e.g. a private-AI endpoint) did not match. */
  PINNED_KEY("pinned key");

  private final String label;

  RaTlsLink(String label) {
    this.label = label;
  }

  /**
   * Returns the name used in messages.
   *
   * @return e.g. {@code key binding}
   */
  public String label() {
    return label;
  }
}

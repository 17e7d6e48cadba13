package io.phat4j.attestation.app;

/** Where a piece of {@link AppEvidence} came from; the report names it. */
public enum EvidenceFormat {
  /** A raw TDX quote with its event log (and optionally the VM config), from a typed factory. */
  QUOTE,
  /** dstack-verifier's request with {@code quote}, {@code event_log} and {@code vm_config}. */
  VERIFIER_REQUEST,
  /** dstack-verifier's request with a self-contained versioned {@code attestation}. */
  VERIFIER_ATTESTATION,
  /** The guest agent's v0 {@code GetQuote} response. */
  GUEST_GET_QUOTE,
  /** The guest agent's v1 {@code Attest} response (a versioned attestation). */
  GUEST_ATTEST,
  /** A Phala Cloud CVM or app attestation as the cloud API returns it. */
  PHALA_CLOUD,
  /** Evidence a local devnet CVM produced. */
  DEVNET,
  /** An RA-TLS certificate (PEM) whose extensions carry the quote and event log. */
  RA_TLS_CERTIFICATE
}

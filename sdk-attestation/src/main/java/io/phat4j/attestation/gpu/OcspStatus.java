package io.phat4j.attestation.gpu;

/** A certificate's revocation status as an OCSP responder states it (RFC 6960 CertStatus). */
public enum OcspStatus {
  /** Not revoked. */
  GOOD,
  /** Revoked (possibly only on hold; see {@link OcspResult#onHold()}). */
  REVOKED,
  /** The responder does not know the certificate. */
  UNKNOWN
}

package io.phat4j.attestation.gpu;

/** The outcome of one verification check. */
public enum CheckStatus {
  /** The check ran and passed. */
  PASSED,
  /** The check ran and failed. */
  FAILED,
  /** The check was not run (needs an online provider, or an earlier check failed). */
  NOT_RUN
}

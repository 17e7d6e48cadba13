package io.phat4j.attestation.app;

/** The outcome of one link of an app's attestation chain. */
public enum LinkStatus {
  /** The link's inputs were present and the check succeeded. */
  PASSED,
  /** The check ran and failed, or its inputs were unusable; the reason says which. */
  FAILED,
  /** The link does not apply to this evidence (for example GPU evidence for an app without GPUs). */
  NOT_APPLICABLE
}

package io.phat4j.contracts.cloud;

import io.phat4j.core.PhalaException;
import org.jspecify.annotations.Nullable;

/** A deployed or updated CVM did not reach {@code running}: a boot error, or the deadline. */
public final class DeploymentFailedException extends PhalaException {
  private static final long serialVersionUID = 1L;

  /** Why the deployment failed. */
  public enum Reason {
    /** The CVM reported a boot error or an error status. */
    BOOT_ERROR,
    /** The CVM did not reach {@code running} before the deadline. */
    TIMEOUT
  }

  private final Reason reason;
  private final String cvmId;
  private final transient @Nullable CvmState lastState;

  /**
   * Creates the exception.
   *
   * @param reason why it failed
   * @param cvmId the CVM
   * @param lastState the last state seen, if any
   * @param message what happened
   */
  public DeploymentFailedException(
      Reason reason, String cvmId, @Nullable CvmState lastState, String message) {
    super(message + " (cvm " + cvmId + ")");
    this.reason = reason;
    this.cvmId = cvmId;
    this.lastState = lastState;
  }

  /**
   * Returns why it failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the CVM id; the CVM exists and may need deleting.
   *
   * @return the id
   */
  public String cvmId() {
    return cvmId;
  }

  /**
   * Returns the last state seen.
   *
   * @return the state, or {@code null} if none arrived
   */
  public @Nullable CvmState lastState() {
    return lastState;
  }
}

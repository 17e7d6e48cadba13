package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * A CVM's lifecycle state from {@code GET /cvms/{id}/state} or one event of its SSE stream.
 *
 * @param id the CVM id
 * @param instanceId the instance id
 * @param name the name
 * @param status the status
 * @param uptime how long it has run, as the server words it
 * @param exitedAt when it exited, if it did
 * @param bootProgress a boot progress note
 * @param bootError a boot error; non-null means the boot failed
 * @param shutdownProgress a shutdown progress note
 */
public record CvmState(
    @Nullable String id,
    @Nullable String instanceId,
    @Nullable String name,
    CvmStatus status,
    @Nullable String uptime,
    @Nullable String exitedAt,
    @Nullable String bootProgress,
    @Nullable String bootError,
    @Nullable String shutdownProgress) {

  /** A missing status reads as {@code unknown}. */
  public CvmState {
    status = status == null ? CvmStatus.of("unknown") : status;
  }

  /**
   * Tells whether the state reports a boot error.
   *
   * @return {@code true} if {@link #bootError()} is non-blank or the status is an error
   */
  public boolean failed() {
    return (bootError != null && !bootError.isBlank()) || status.is(CvmStatus.Kind.ERROR);
  }
}

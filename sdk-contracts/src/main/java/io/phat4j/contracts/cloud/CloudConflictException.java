package io.phat4j.contracts.cloud;

/**
 * The request conflicts with existing state (HTTP 409), for example an app id that is already
 * used by another CVM ({@code ERR-03-007}).
 */
public final class CloudConflictException extends PhalaCloudException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param error what the server said
   */
  public CloudConflictException(CloudError error) {
    super(error);
  }

  /**
   * Tells whether the conflict is an app id already in use.
   *
   * @return {@code true} for {@code ERR-03-007}
   */
  public boolean isAppIdConflict() {
    return code() == CloudErrorCode.CVM_APP_ID_CONFLICT;
  }
}

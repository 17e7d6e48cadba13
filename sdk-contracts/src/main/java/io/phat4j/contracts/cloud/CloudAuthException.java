package io.phat4j.contracts.cloud;

/** The API key is missing, invalid or lacks permission (HTTP 401 or 403). */
public final class CloudAuthException extends PhalaCloudException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param error what the server said
   */
  public CloudAuthException(CloudError error) {
    super(error);
  }
}

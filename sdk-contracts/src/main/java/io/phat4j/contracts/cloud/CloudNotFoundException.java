package io.phat4j.contracts.cloud;

/** The CVM, app, KMS or other resource does not exist (HTTP 404). */
public final class CloudNotFoundException extends PhalaCloudException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param error what the server said
   */
  public CloudNotFoundException(CloudError error) {
    super(error);
  }
}

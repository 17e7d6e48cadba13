package io.phat4j.contracts.cloud;

/** Phala Cloud failed internally (HTTP 5xx); repeating later may succeed. */
public final class CloudServerException extends PhalaCloudException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param error what the server said
   */
  public CloudServerException(CloudError error) {
    super(error);
  }
}

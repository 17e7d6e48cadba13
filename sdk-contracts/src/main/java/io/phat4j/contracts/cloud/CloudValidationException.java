package io.phat4j.contracts.cloud;

/** The server rejected the request's fields (HTTP 422); see {@link CloudError#validationIssues()}. */
public final class CloudValidationException extends PhalaCloudException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param error what the server said
   */
  public CloudValidationException(CloudError error) {
    super(error);
  }
}

package io.phat4j.contracts.cloud;

import io.phat4j.core.PhalaServiceException;
import java.util.List;

/**
 * Phala Cloud answered a request with an error status.
 *
 * <p>Subclasses tell the common cases apart without string matching: {@link
 * CloudAuthException} (401/403), {@link CloudNotFoundException} (404), {@link
 * CloudConflictException} (409), {@link CloudValidationException} (422), {@link
 * CloudRateLimitException} (429) and {@link CloudServerException} (5xx). Any other 4xx is this
 * class. {@link #error()} carries the decoded body: error code, field details, suggestions, links
 * and validation issues.
 */
public class PhalaCloudException extends PhalaServiceException {
  private static final long serialVersionUID = 1L;

  private final CloudError error;

  /**
   * Creates the exception from a decoded error.
   *
   * @param error what the server said
   */
  public PhalaCloudException(CloudError error) {
    super(
        error.message(),
        error.status(),
        error.errorCode(),
        error.requestId(),
        error.rawBody().isEmpty() ? null : error.rawBody());
    this.error = error;
  }

  /**
   * Returns the decoded error body.
   *
   * @return the error
   */
  public CloudError error() {
    return error;
  }

  /**
   * Returns the error code as a constant, to switch on.
   *
   * @return the code, {@link CloudErrorCode#UNKNOWN} if absent or not known
   */
  public CloudErrorCode code() {
    return CloudErrorCode.of(errorCode());
  }

  /**
   * Returns the server's suggestions.
   *
   * @return the suggestions, possibly empty
   */
  public List<String> suggestions() {
    return error.suggestions();
  }

  /**
   * Returns the documentation links the server attached.
   *
   * @return the links, possibly empty
   */
  public List<CloudError.Link> links() {
    return error.links();
  }

  /**
   * Returns the structured field details.
   *
   * @return the details, possibly empty
   */
  public List<CloudError.FieldDetail> fieldDetails() {
    return error.fieldDetails();
  }
}

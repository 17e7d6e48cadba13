package io.phat4j.contracts.cloud;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything Phala Cloud said about a failed request, decoded from the FastAPI {@code detail}
 * forms: a plain string, a list of validation issues (422), or a structured object with {@code
 * error_code}, {@code details}, {@code suggestions} and {@code links}.
 *
 * @param status the HTTP status
 * @param message the server's message (or a summary of the validation issues)
 * @param errorCode the {@code ERR-xx-yyy} code, if the server sent one
 * @param requestId the request id from the response headers, if any
 * @param type the optional top-level {@code type}
 * @param fieldDetails the structured {@code details[]} entries
 * @param suggestions what the server suggests trying
 * @param links documentation links
 * @param validationIssues the 422 list entries
 * @param rawBody the response body as text, truncated to 4 KiB, for diagnosis
 */
public record CloudError(
    int status,
    String message,
    @Nullable String errorCode,
    @Nullable String requestId,
    @Nullable String type,
    List<FieldDetail> fieldDetails,
    List<String> suggestions,
    List<Link> links,
    List<ValidationIssue> validationIssues,
    String rawBody)
    implements Serializable {

  /** Copies the lists. */
  public CloudError {
    Objects.requireNonNull(message, "message");
    fieldDetails = List.copyOf(fieldDetails);
    suggestions = List.copyOf(suggestions);
    links = List.copyOf(links);
    validationIssues = List.copyOf(validationIssues);
    Objects.requireNonNull(rawBody, "rawBody");
  }

  /**
   * One structured {@code details[]} entry.
   *
   * @param field the field it is about
   * @param value the offending or informative value, as JSON text or plain string
   * @param message an optional explanation
   */
  public record FieldDetail(String field, @Nullable String value, @Nullable String message)
      implements Serializable {}

  /**
   * A documentation link the server attached.
   *
   * @param label the link text
   * @param url the target
   */
  public record Link(String label, String url) implements Serializable {}

  /**
   * One Pydantic validation issue from a 422 answer.
   *
   * @param location the path to the offending input, e.g. {@code [body, name]}
   * @param message the issue
   * @param type the issue type, e.g. {@code missing}
   */
  public record ValidationIssue(List<String> location, String message, @Nullable String type)
      implements Serializable {
    /** Copies the location. */
    public ValidationIssue {
      location = List.copyOf(location);
    }
  }
}

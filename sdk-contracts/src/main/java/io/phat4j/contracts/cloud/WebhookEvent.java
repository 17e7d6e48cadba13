package io.phat4j.contracts.cloud;

import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A verified Phala Cloud webhook event: the envelope fields and the event's {@code data} as JSON
 * text, decoded on demand with {@link #data(Class)}.
 *
 * @param id the event id
 * @param event the event name
 * @param version the payload version
 * @param createdAt when it happened, ISO-8601
 * @param workspace the workspace it belongs to
 * @param dataJson the {@code data} member as JSON text ({@code null} if absent)
 */
public record WebhookEvent(
    @Nullable String id,
    String event,
    @Nullable String version,
    @Nullable String createdAt,
    @Nullable Workspace workspace,
    @Nullable String dataJson) {

  /** Checks the event name. */
  public WebhookEvent {
    Objects.requireNonNull(event, "event");
  }

  /**
   * Decodes {@code data} into a type, e.g. a record of the fields you need.
   *
   * @param type the target type
   * @param <T> the target type
   * @return the decoded data
   * @throws io.phat4j.core.DecodeException if the data is absent or does not fit
   */
  public <T> T data(Class<T> type) {
    if (dataJson == null) {
      throw new io.phat4j.core.DecodeException("data", "is absent from webhook event " + event);
    }
    return PhalaJson.read("webhook data", dataJson.getBytes(StandardCharsets.UTF_8), type);
  }

  /**
   * The workspace an event belongs to.
   *
   * @param id the workspace id
   * @param name the workspace name
   */
  public record Workspace(@Nullable String id, @Nullable String name) {}
}

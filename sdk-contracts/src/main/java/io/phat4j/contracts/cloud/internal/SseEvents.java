package io.phat4j.contracts.cloud.internal;

import io.phat4j.core.http.LineHandler;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Assembles Server-Sent Events from lines: {@code event:} and {@code data:} fields, dispatched at
 * each blank line; comments and {@code id:}/{@code retry:} are ignored. Not thread-safe.
 */
public final class SseEvents implements LineHandler {
  private final BiPredicate<@Nullable String, String> onEvent;
  private @Nullable String event;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;

  /**
   * Creates the assembler.
   *
   * @param onEvent receives the event name (or {@code null}) and its data; returns {@code false}
   *     to stop reading
   */
  public SseEvents(BiPredicate<@Nullable String, String> onEvent) {
    this.onEvent = onEvent;
  }

  @Override
  public boolean onLine(String line) {
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.startsWith(":")) {
      return true;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("event")) {
      event = value;
    } else if (field.equals("data")) {
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    }
    return true;
  }

  /**
   * Dispatches an event still pending when the stream ended without a blank line.
   *
   * @return {@code false} if the receiver asked to stop
   */
  public boolean finish() {
    return dispatch();
  }

  private boolean dispatch() {
    if (!hasData) {
      event = null;
      return true;
    }
    String name = event;
    String payload = data.toString();
    event = null;
    data.setLength(0);
    hasData = false;
    return onEvent.test(name, payload);
  }
}

package io.phat4j.core.http;

/**
 * Receives a streamed response body one line at a time, as for Server-Sent Events.
 *
 * <p>Called on the thread that invoked {@link HttpTransport#executeStreaming}. Lines come without
 * their terminator ({@code \n} or {@code \r\n}); empty lines are delivered too, because SSE uses
 * them to end an event. The transport closes the body when the handler returns {@code false},
 * throws, or the stream ends.
 */
@FunctionalInterface
public interface LineHandler {
  /**
   * Handles one line of the body.
   *
   * @param line the line, without its terminator
   * @return {@code true} to keep reading, {@code false} to stop and close the stream
   */
  boolean onLine(String line);
}

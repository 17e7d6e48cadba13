package io.phat4j.core.dstack;

import io.phat4j.core.CryptoException;

/**
 * A dstack runtime event's stated digest (or stated pre-image) is not what its name and payload
 * hash to: the event log was altered, so the registers it replays prove nothing about the event.
 *
 * <p>The message names the event by position and name; {@link #index()} and {@link #eventName()}
 * give both to code.
 */
public class EventDigestMismatchException extends CryptoException {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final String eventName;

  /**
   * Creates the exception.
   *
   * @param index the event's position in the log, from 0
   * @param eventName the event's name
   * @param problem what did not match
   */
  public EventDigestMismatchException(int index, String eventName, String problem) {
    super("event_log[" + index + "] (\"" + eventName + "\"): " + problem);
    this.index = index;
    this.eventName = eventName;
  }

  /**
   * Returns the event's position in the log.
   *
   * @return the index, from 0
   */
  public int index() {
    return index;
  }

  /**
   * Returns the event's name.
   *
   * @return the name, e.g. {@code "compose-hash"}
   */
  public String eventName() {
    return eventName;
  }
}

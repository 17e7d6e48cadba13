package io.phat4j.core.http;

/**
 * How much of each HTTP exchange {@link HttpTransport} writes to its {@link WireLogger}.
 *
 * <p>Each level includes the ones before it. Secret header values are always masked, and bodies of
 * requests marked {@link HttpRequest#sensitiveBody()} are never written.
 */
public enum WireLogLevel {
  /** Nothing is logged (the default). */
  NONE,
  /** One line per request and per response: method, URL (query masked), status, size, time. */
  BASIC,
  /** {@link #BASIC} plus every header, with secret values masked. */
  HEADERS,
  /**
   * {@link #HEADERS} plus textual bodies and streamed lines, truncated; binary and sensitive bodies
   * are omitted.
   */
  BODY
}

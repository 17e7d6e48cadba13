package io.phat4j.attestation.app;

import java.util.List;
import java.util.Objects;

/**
 * Why one RTMR did not match, event by event (dstack-verifier's {@code rtmr_debug} entry).
 *
 * @param rtmr {@code "RTMR0"} to {@code "RTMR3"}
 * @param expected the value the evidence implies (replayed from the log, or computed for the OS image), hex
 * @param actual the value in the quote, hex
 * @param events the events that extend this register, in order
 * @param missingExpectedDigests digests the expected sequence has beyond the log's events, hex
 */
public record RtmrMismatch(
    String rtmr, String expected, String actual, List<Event> events, List<String> missingExpectedDigests) {
  /** Copies the lists. */
  public RtmrMismatch {
    Objects.requireNonNull(rtmr, "rtmr");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(actual, "actual");
    events = List.copyOf(events);
    missingExpectedDigests = List.copyOf(missingExpectedDigests);
  }

  /** How one event compares with what was expected at its place. */
  public enum Status {
    /** The event's digest is the expected one. */
    MATCH,
    /** The event's digest differs from the expected one: this is where the register diverged. */
    MISMATCH,
    /** The event is beyond the expected sequence. */
    EXTRA,
    /** An expected event is not in the log. */
    MISSING;

    /**
     * Returns the JSON name dstack-verifier uses.
     *
     * @return snake case
     */
    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One event of the register.
   *
   * @param index position in the event log
   * @param eventType the event type
   * @param eventName the name, {@code "(unnamed)"} for boot events
   * @param actualDigest the digest the log states, hex
   * @param expectedDigest the digest expected at this place, hex, or null if there is none
   * @param payloadLength the payload's length in bytes
   * @param status how it compares
   */
  public record Event(
      int index,
      long eventType,
      String eventName,
      String actualDigest,
      @org.jspecify.annotations.Nullable String expectedDigest,
      int payloadLength,
      Status status) {
    /** Checks the components. */
    public Event {
      Objects.requireNonNull(eventName, "eventName");
      Objects.requireNonNull(actualDigest, "actualDigest");
      Objects.requireNonNull(status, "status");
    }
  }
}

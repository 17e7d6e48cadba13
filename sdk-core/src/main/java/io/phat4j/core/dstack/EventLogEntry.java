package io.phat4j.core.dstack;

import io.phat4j.core.Hex;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a dstack event log: which register it extends, its type, name, payload and the
 * digest that is extended.
 *
 * <p>For a dstack runtime event (IMR 3, type {@code 0x08000001}) {@link #digest()} is the digest
 * recomputed from name and payload, which {@link EventLog#parse(byte[])} has checked against the
 * stated one; for every other entry it is the stated digest. Byte arrays are copied in and out.
 *
 * <p>Immutable and thread-safe.
 */
public final class EventLogEntry {
  private final int index;
  private final int imr;
  private final long eventType;
  private final String event;
  private final byte[] payload;
  private final byte[] statedDigest;
  private final byte[] digest;
  private final EventLogVersion version;
  private final byte @Nullable [] statedHashInput;

  EventLogEntry(
      int index,
      int imr,
      long eventType,
      String event,
      byte[] payload,
      byte[] statedDigest,
      byte[] digest,
      EventLogVersion version,
      byte @Nullable [] statedHashInput) {
    this.index = index;
    this.imr = imr;
    this.eventType = eventType;
    this.event = Objects.requireNonNull(event, "event");
    this.payload = payload.clone();
    this.statedDigest = statedDigest.clone();
    this.digest = digest.clone();
    this.version = version;
    this.statedHashInput = statedHashInput == null ? null : statedHashInput.clone();
  }

  /**
   * Returns the entry's position in the log.
   *
   * @return the index, from 0
   */
  public int index() {
    return index;
  }

  /**
   * Returns the register this entry extends.
   *
   * @return 0 to 3 (RTMR0–3)
   */
  public int imr() {
    return imr;
  }

  /**
   * Returns the event type (a TCG type for boot events, {@code 0x08000001} for dstack events).
   *
   * @return the type as an unsigned 32-bit value
   */
  public long eventType() {
    return eventType;
  }

  /**
   * Returns the event name; empty for boot events.
   *
   * @return the name, e.g. {@code "compose-hash"}
   */
  public String event() {
    return event;
  }

  /**
   * Returns the payload; boot events in a {@code GetQuote} response have it stripped (empty).
   *
   * @return a copy of the payload
   */
  public byte[] payload() {
    return payload.clone();
  }

  /**
   * Returns the payload as lowercase hex.
   *
   * @return the hex
   */
  public String payloadHex() {
    return Hex.encode(payload);
  }

  /**
   * Returns the digest as stated in the log; newer dstack versions leave it empty for runtime
   * events.
   *
   * @return a copy, possibly empty
   */
  public byte[] statedDigest() {
    return statedDigest.clone();
  }

  /**
   * Returns the digest extended into the register (before zero-padding to 48 bytes).
   *
   * @return a copy of the digest
   */
  public byte[] digest() {
    return digest.clone();
  }

  /**
   * Returns the digest as lowercase hex.
   *
   * @return the hex
   */
  public String digestHex() {
    return Hex.encode(digest);
  }

  /**
   * Tells whether this is a dstack runtime event (IMR 3, type {@code 0x08000001}).
   *
   * @return true for runtime events, whose digest was recomputed
   */
  public boolean isRuntimeEvent() {
    return isRuntimeEvent(imr, eventType);
  }

  /**
   * Returns the digest format: as stated, else implied by a stated JSON pre-image, else V1. Only
   * a runtime event's digest depends on it.
   *
   * @return the version
   */
  public EventLogVersion version() {
    return version;
  }

  /**
   * Returns the digest pre-image the log stated ({@code preimage} or {@code hash_input}), already
   * checked to equal the recomputed one.
   *
   * @return a copy, or null if the log did not state one
   */
  public byte @Nullable [] statedHashInput() {
    return statedHashInput == null ? null : statedHashInput.clone();
  }

  static boolean isRuntimeEvent(int imr, long eventType) {
    return imr == 3 && eventType == EventLogVersion.RUNTIME_EVENT_TYPE;
  }

  @Override
  public String toString() {
    return "EventLogEntry[#"
        + index
        + " imr="
        + imr
        + " type=0x"
        + Long.toHexString(eventType)
        + (event.isEmpty() ? "" : " event=" + event)
        + " digest="
        + Hex.encode(digest)
        + "]";
  }
}

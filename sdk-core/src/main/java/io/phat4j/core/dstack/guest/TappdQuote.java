package io.phat4j.core.dstack.guest;

import io.phat4j.core.dstack.EventLog;
import java.util.Objects;

/**
 * A TDX quote from the legacy tappd {@code TdxQuote} / {@code RawQuote} RPCs.
 *
 * <p>Unlike {@link GuestQuote}, the report data is not always what was sent: for any hash
 * algorithm other than {@code raw}, tappd puts {@code H(prefix ":" content)} into the quote, with
 * {@link #hashAlgorithm()} and {@link #prefix()} saying which. Immutable and thread-safe.
 */
public final class TappdQuote {
  private final byte[] quote;
  private final EventLog eventLog;
  private final String eventLogJson;
  private final String hashAlgorithm;
  private final String prefix;

  TappdQuote(
      byte[] quote, EventLog eventLog, String eventLogJson, String hashAlgorithm, String prefix) {
    this.quote = quote.clone();
    this.eventLog = Objects.requireNonNull(eventLog, "eventLog");
    this.eventLogJson = Objects.requireNonNull(eventLogJson, "eventLogJson");
    this.hashAlgorithm = Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /**
   * Returns the raw quote.
   *
   * @return a copy of the quote bytes
   */
  public byte[] quote() {
    return quote.clone();
  }

  /**
   * Returns the event log, parsed and with every runtime-event digest recomputed.
   *
   * @return the log
   */
  public EventLog eventLog() {
    return eventLog;
  }

  /**
   * Returns the event log exactly as tappd sent it.
   *
   * @return the JSON text, {@code "[]"} if none was sent
   */
  public String eventLogJson() {
    return eventLogJson;
  }

  /**
   * Returns the hash algorithm tappd applied to the report data.
   *
   * @return e.g. {@code sha512} or {@code raw}; empty if tappd did not say
   */
  public String hashAlgorithm() {
    return hashAlgorithm;
  }

  /**
   * Returns the prefix tappd hashed in front of the content.
   *
   * @return e.g. {@code app-data}; empty for {@code raw}
   */
  public String prefix() {
    return prefix;
  }

  @Override
  public String toString() {
    return "TappdQuote[quote="
        + quote.length
        + " bytes, hash="
        + hashAlgorithm
        + ", events="
        + eventLog.size()
        + "]";
  }
}

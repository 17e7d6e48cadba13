package io.phat4j.core.dstack.guest;

import io.phat4j.core.dstack.EventLog;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A TDX quote from the v0 {@code GetQuote} RPC, with the event log and VM configuration needed to
 * verify it.
 *
 * <p>The quote is unverified evidence: check it with a DCAP verifier, then match the event log's
 * replayed RTMRs ({@link EventLog#replay()}) against it. The client has already checked that the
 * agent echoed the requested report data.
 *
 * <p>Immutable and thread-safe.
 */
public final class GuestQuote {
  private final byte[] quote;
  private final EventLog eventLog;
  private final String eventLogJson;
  private final byte[] reportData;
  private final @Nullable VmConfig vmConfig;

  GuestQuote(
      byte[] quote,
      EventLog eventLog,
      String eventLogJson,
      byte[] reportData,
      @Nullable VmConfig vmConfig) {
    this.quote = quote.clone();
    this.eventLog = Objects.requireNonNull(eventLog, "eventLog");
    this.eventLogJson = Objects.requireNonNull(eventLogJson, "eventLogJson");
    this.reportData = reportData.clone();
    this.vmConfig = vmConfig;
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
   * Returns the event log exactly as the agent sent it (a JSON array in a string).
   *
   * @return the JSON text, {@code "[]"} if the agent sent none
   */
  public String eventLogJson() {
    return eventLogJson;
  }

  /**
   * Returns the 64 bytes of report data in the quote: the requested bytes right-padded with zeros.
   *
   * @return a copy of the 64 bytes
   */
  public byte[] reportData() {
    return reportData.clone();
  }

  /**
   * Returns the VM configuration the agent reported.
   *
   * @return the configuration, or {@code null} if the agent sent none
   */
  public @Nullable VmConfig vmConfig() {
    return vmConfig;
  }

  @Override
  public String toString() {
    return "GuestQuote[quote="
        + quote.length
        + " bytes, events="
        + eventLog.size()
        + (vmConfig == null ? "" : ", vmConfig")
        + "]";
  }
}

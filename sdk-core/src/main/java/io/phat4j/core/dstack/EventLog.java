package io.phat4j.core.dstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import io.phat4j.core.dstack.internal.StrictJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A parsed and checked dstack event log, with the RTMR values it replays to.
 *
 * <p>Accepted input: the JSON array of events (as in {@code tcb_info.event_log}), or a response
 * object whose {@code event_log} field holds that array or, as in {@code GetQuote}, a JSON
 * string containing it. Each entry is
 * {@code {imr, event_type, digest, event, event_payload, version?, preimage?|hash_input?}} with
 * {@code digest}, {@code event_payload} and the pre-image in hex; unknown fields are ignored.
 *
 * <p>Checks made while parsing, each failing closed:
 *
 * <ul>
 *   <li>Every dstack runtime event (IMR 3, type {@code 0x08000001}) has its digest recomputed
 *       from name and payload ({@link EventLogVersion}). A non-empty stated digest or a stated
 *       pre-image that differs raises {@link EventDigestMismatchException}; an empty stated digest
 *       is filled from the recomputation.
 *   <li>Other entries (IMR 0–2, other types) are extended with their stated digest, which must be
 *       present.
 *   <li>Malformed entries (missing or mistyped fields, {@code imr} outside 0–3, bad hex, a digest
 *       longer than 48 bytes, an unknown {@code version}) raise {@link DecodeException} naming
 *       {@code event_log[i].field}.
 * </ul>
 *
 * <p>Replay: each register starts as 48 zero bytes; for each entry, in order,
 * {@code rtmr[imr] = SHA-384(rtmr[imr] ‖ digest)} with the digest right-padded with zeros to 48
 * bytes. Matching the result against a verified quote is the caller's step.
 *
 * <p>Immutable and thread-safe.
 */
public final class EventLog {
  private static final String WHAT = "event_log";

  private final List<EventLogEntry> entries;
  private final Rtmrs rtmrs;
  private final DstackRuntimeEvents runtimeEvents;

  private EventLog(List<EventLogEntry> entries) {
    this.entries = List.copyOf(entries);
    this.rtmrs = replay(this.entries);
    this.runtimeEvents = DstackRuntimeEvents.of(this.entries);
  }

  /**
   * Parses and checks an event log from JSON text.
   *
   * @param json an event array or a response object with an {@code event_log} field
   * @return the checked log
   * @throws DecodeException if the JSON or an entry is malformed (byte offsets refer to the UTF-8
   *     encoding of the text; inside a {@code GetQuote} {@code event_log} string, the document is
   *     named {@code "event_log (JSON string)"} and offsets refer to that string)
   * @throws EventDigestMismatchException if a runtime event's stated digest or pre-image is wrong
   */
  public static EventLog parse(String json) {
    return parse(Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses and checks an event log from UTF-8 JSON bytes.
   *
   * @param json an event array or a response object with an {@code event_log} field
   * @return the checked log
   * @throws DecodeException if the JSON or an entry is malformed
   * @throws EventDigestMismatchException if a runtime event's stated digest or pre-image is wrong
   */
  public static EventLog parse(byte[] json) {
    JsonNode root = StrictJson.parse(WHAT, Objects.requireNonNull(json, "json"), StrictJson.Numbers.EXACT);
    JsonNode array = root;
    if (root.isObject()) {
      JsonNode inner = root.get(WHAT);
      if (inner == null || inner.isNull()) {
        throw new DecodeException(WHAT, "is missing from the response object");
      }
      array =
          inner.isTextual()
              ? StrictJson.parse(
                  WHAT + " (JSON string)", inner.textValue().getBytes(StandardCharsets.UTF_8), StrictJson.Numbers.EXACT)
              : inner;
    }
    if (!array.isArray()) {
      throw new DecodeException(
          WHAT, "must be a JSON array of events or an object with an event_log field, got " + kind(array));
    }
    List<EventLogEntry> entries = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      entries.add(entry(i, array.get(i)));
    }
    return new EventLog(entries);
  }

  /**
   * Returns the entries in log order.
   *
   * @return an unmodifiable list
   */
  public List<EventLogEntry> entries() {
    return entries;
  }

  /**
   * Returns the number of entries.
   *
   * @return the count
   */
  public int size() {
    return entries.size();
  }

  /**
   * Returns RTMR0–3 as replayed from this log.
   *
   * @return the registers
   */
  public Rtmrs replay() {
    return rtmrs;
  }

  /**
   * Returns the dstack runtime events with typed access to the well-known ones.
   *
   * @return the runtime events
   */
  public DstackRuntimeEvents runtimeEvents() {
    return runtimeEvents;
  }

  @Override
  public String toString() {
    return "EventLog[" + entries.size() + " entries, rtmr3=" + rtmrs.rtmr3().hex() + "]";
  }

  private static Rtmrs replay(List<EventLogEntry> entries) {
    byte[][] mr = new byte[4][Measurement.LENGTH];
    byte[] buf = new byte[2 * Measurement.LENGTH];
    for (EventLogEntry e : entries) {
      byte[] d = e.digest();
      System.arraycopy(mr[e.imr()], 0, buf, 0, Measurement.LENGTH);
      Arrays.fill(buf, Measurement.LENGTH, buf.length, (byte) 0);
      System.arraycopy(d, 0, buf, Measurement.LENGTH, d.length);
      mr[e.imr()] = EventLogVersion.sha384(buf);
    }
    return new Rtmrs(Measurement.of(mr[0]), Measurement.of(mr[1]), Measurement.of(mr[2]), Measurement.of(mr[3]));
  }

  private static EventLogEntry entry(int i, JsonNode n) {
    String at = WHAT + "[" + i + "]";
    if (!n.isObject()) {
      throw new DecodeException(at, "must be a JSON object, got " + kind(n));
    }
    int imr = (int) integer(n, at, "imr", 0, 3);
    long type = integer(n, at, "event_type", 0, 0xFFFF_FFFFL);
    String event = string(n, at, "event", true);
    byte[] payload = Hex.decode(at + ".event_payload", string(n, at, "event_payload", true));
    String digestText = string(n, at, "digest", false);
    byte[] stated = digestText == null ? new byte[0] : Hex.decode(at + ".digest", digestText);
    if (stated.length > Measurement.LENGTH) {
      throw new DecodeException(
          at + ".digest", "must be at most " + Measurement.LENGTH + " bytes, got " + stated.length);
    }
    JsonNode versionNode = n.get("version");
    EventLogVersion version = null;
    if (versionNode != null && !versionNode.isNull()) {
      version = integer(n, at, "version", 1, 2) == 2 ? EventLogVersion.V2 : EventLogVersion.V1;
    }
    byte[] hashInput = statedHashInput(n, at);

    if (!EventLogEntry.isRuntimeEvent(imr, type)) {
      if (stated.length == 0) {
        throw new DecodeException(at + ".digest", "is missing or empty; only dstack runtime events can be recomputed");
      }
      return new EventLogEntry(
          i, imr, type, event, payload, stated, stated, version == null ? EventLogVersion.V1 : version, null);
    }
    requireWellFormed(at + ".event", event);
    if (version == null) {
      // No stated version: a stated JSON pre-image identifies V2, anything else is V1.
      boolean v2 = hashInput != null && MessageDigest.isEqual(hashInput, EventLogVersion.V2.hashInput(event, payload));
      version = v2 ? EventLogVersion.V2 : EventLogVersion.V1;
    }
    byte[] input = version.hashInput(event, payload);
    if (hashInput != null && !MessageDigest.isEqual(hashInput, input)) {
      throw new EventDigestMismatchException(
          i, event, "stated pre-image does not match the " + version + " pre-image of its name and payload");
    }
    byte[] digest = EventLogVersion.sha384(input);
    if (stated.length > 0 && !MessageDigest.isEqual(stated, digest)) {
      throw new EventDigestMismatchException(
          i,
          event,
          "stated digest "
              + Hex.encode(stated)
              + " does not match the "
              + version
              + " digest of its name and payload "
              + Hex.encode(digest));
    }
    return new EventLogEntry(i, imr, type, event, payload, stated, digest, version, hashInput);
  }

  private static byte @Nullable [] statedHashInput(JsonNode n, String at) {
    String preimage = string(n, at, "preimage", false);
    String hashInput = string(n, at, "hash_input", false);
    byte[] a = preimage == null ? null : Hex.decode(at + ".preimage", preimage);
    byte[] b = hashInput == null ? null : Hex.decode(at + ".hash_input", hashInput);
    if (a != null && b != null && !Arrays.equals(a, b)) {
      throw new DecodeException(at + ".preimage", "differs from hash_input");
    }
    return a != null ? a : b;
  }

  private static long integer(JsonNode n, String at, String field, long min, long max) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new DecodeException(at + "." + field, "is missing");
    }
    if (!v.isIntegralNumber()) {
      throw new DecodeException(at + "." + field, "must be an integer, got " + describe(v));
    }
    if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
      throw new DecodeException(at + "." + field, "must be in " + min + ".." + max + ", got " + v.asText());
    }
    return v.longValue();
  }

  private static @Nullable String string(JsonNode n, String at, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || (!required && v.isNull())) {
      if (required) {
        throw new DecodeException(at + "." + field, "is missing");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new DecodeException(at + "." + field, "must be a string, got " + describe(v));
    }
    return v.textValue();
  }

  private static String describe(JsonNode v) {
    String text = v.toString();
    return kind(v) + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
  }

  private static String kind(JsonNode v) {
    return v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** A name with an unpaired surrogate has no UTF-8 form, so no digest can be computed for it. */
  private static void requireWellFormed(String field, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new DecodeException(field, "contains an unpaired surrogate at position " + i);
      }
    }
  }
}

package io.phat4j.attestation.app.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.app.LinkResult;
import io.phat4j.attestation.app.RtmrMismatch;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import io.phat4j.core.PhalaException;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.EventLogVersion;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The event-log link: parse the log (which recomputes every runtime event's digest), replay it and
 * compare RTMR0–3 with the quote. On a mismatch it explains, register by register, which event
 * diverged (dstack-verifier's {@code rtmr_debug}).
 */
public final class EventLogLink {
  private static final long RUNTIME_EVENT_TYPE = EventLogVersion.RUNTIME_EVENT_TYPE;

  /**
   * What the link found.
   *
   * @param link the result
   * @param log the parsed log, or null if it did not parse
   * @param rtmr3Bound whether RTMR3 replayed from the log equals the quote's (the identity events are bound)
   * @param debug explanations of mismatching registers
   */
  public record Outcome(LinkResult link, @Nullable EventLog log, boolean rtmr3Bound, List<RtmrMismatch> debug) {
    /** Copies the list. */
    public Outcome {
      debug = List.copyOf(debug);
    }
  }

  private EventLogLink() {}

  /**
   * Runs the link.
   *
   * @param eventLogJson the log as given, or null
   * @param td the quote's TD report
   * @return the outcome
   */
  public static Outcome check(@Nullable String eventLogJson, TdReport td) {
    if (eventLogJson == null) {
      return new Outcome(LinkResult.failed(LinkResult.EVENT_LOG, "the evidence has no event log"), null, false, List.of());
    }
    EventLog log;
    try {
      log = EventLog.parse(eventLogJson);
    } catch (PhalaException e) {
      return new Outcome(LinkResult.failed(LinkResult.EVENT_LOG, e.getMessage()), null, false, explain(eventLogJson, td));
    }
    // RTMR3 is always replayed: the runtime events are what the identity rests on (as dstack
    // does). RTMR0-2 are replayed too when the log carries boot events for all three; dstack
    // strips most of them from certificates and Attest responses, and the OS-image link computes
    // those registers independently anyway.
    boolean[] present = new boolean[4];
    for (var e : log.entries()) {
      present[e.imr()] = true;
    }
    boolean bootLog = present[0] && present[1] && present[2];
    List<String> bad = new ArrayList<>();
    for (int i = bootLog ? 0 : 3; i < 4; i++) {
      Measurement replayed = log.replay().get(i);
      if (!MessageDigest.isEqual(replayed.toByteArray(), td.rtmr(i).toByteArray())) {
        bad.add("RTMR" + i);
      }
    }
    boolean rtmr3Bound = !bad.contains("RTMR3");
    if (bad.isEmpty()) {
      String detail = bootLog
          ? log.size() + " events replay to the quote's RTMR0-3"
          : log.runtimeEvents().all().size() + " runtime events replay to the quote's RTMR3"
              + " (the log carries no complete boot log; RTMR0-2 are left to the OS-image link)";
      return new Outcome(LinkResult.passed(LinkResult.EVENT_LOG, detail), log, true, List.of());
    }
    List<RtmrMismatch> debug = explain(eventLogJson, td).stream().filter(m -> bad.contains(m.rtmr())).toList();
    String where = debug.stream()
        .filter(m -> bad.contains(m.rtmr()))
        .map(EventLogLink::divergence)
        .reduce((a, b) -> a + "; " + b)
        .orElse(String.join(", ", bad) + " replayed from the event log differ from the quote");
    return new Outcome(LinkResult.failed(LinkResult.EVENT_LOG, where), log, rtmr3Bound, debug);
  }

  private static String divergence(RtmrMismatch m) {
    StringBuilder sb = new StringBuilder(m.rtmr()).append(" replayed from the event log (")
        .append(m.expected(), 0, 16).append("…) differs from the quote (").append(m.actual(), 0, 16).append("…)");
    for (RtmrMismatch.Event e : m.events()) {
      if (e.status() == RtmrMismatch.Status.MISMATCH) {
        return sb.append(": event ").append(e.index()).append(" (").append(e.eventName())
            .append(") states a digest that is not the digest of its payload").toString();
      }
    }
    for (RtmrMismatch.Event e : m.events()) {
      if (e.status() == RtmrMismatch.Status.EXTRA) {
        return sb.append(": the quote matches the log up to before event ").append(e.index())
            .append("; it and later events were not measured").toString();
      }
    }
    return sb.append(": no prefix of the log's events reproduces the quote's value (an event is missing, altered or reordered)")
        .toString();
  }

  /**
   * Explains, leniently, every register whose replay differs from the quote or that has an event
   * whose stated digest is not its recomputed one. Unreadable logs give no explanation.
   */
  static List<RtmrMismatch> explain(String eventLogJson, TdReport td) {
    List<Raw> events;
    try {
      events = rawEvents(eventLogJson);
    } catch (PhalaException | IllegalArgumentException e) {
      return List.of();
    }
    List<RtmrMismatch> out = new ArrayList<>();
    for (int imr = 0; imr < 4; imr++) {
      byte[] quoteValue = td.rtmr(imr).toByteArray();
      byte[] mr = new byte[48];
      List<Raw> mine = new ArrayList<>();
      boolean anyMismatch = false;
      int matchedPrefix = Arrays.equals(mr, quoteValue) ? 0 : -1;
      for (Raw e : events) {
        if (e.imr != imr) {
          continue;
        }
        mine.add(e);
        anyMismatch |= e.expected != null && !Arrays.equals(e.expected, e.extended());
        mr = extend(mr, e.extended());
        if (matchedPrefix < 0 && Arrays.equals(mr, quoteValue)) {
          matchedPrefix = mine.size();
        }
      }
      boolean differs = !Arrays.equals(mr, quoteValue);
      if (!differs && !anyMismatch) {
        continue;
      }
      List<RtmrMismatch.Event> rows = new ArrayList<>();
      for (int k = 0; k < mine.size(); k++) {
        Raw e = mine.get(k);
        RtmrMismatch.Status status;
        if (e.expected != null && !Arrays.equals(e.expected, e.extended())) {
          status = RtmrMismatch.Status.MISMATCH;
        } else if (differs && matchedPrefix >= 0 && k >= matchedPrefix) {
          status = RtmrMismatch.Status.EXTRA;
        } else {
          status = RtmrMismatch.Status.MATCH;
        }
        rows.add(new RtmrMismatch.Event(
            e.index,
            e.type,
            e.name.isEmpty() ? "(unnamed)" : e.name,
            Hex.encode(e.extended()),
            e.expected == null ? null : Hex.encode(e.expected),
            e.payloadLength,
            status));
      }
      out.add(new RtmrMismatch("RTMR" + imr, Hex.encode(mr), Hex.encode(quoteValue), rows, List.of()));
    }
    return out;
  }

  private static byte[] extend(byte[] mr, byte[] digest) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-384");
      sha.update(mr);
      sha.update(Arrays.copyOf(digest, 48));
      return sha.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One event read without the strict checks; expected is the recomputed digest of a runtime event. */
  private record Raw(int index, int imr, long type, String name, byte[] stated, byte @Nullable [] expected, int payloadLength) {
    byte[] extended() {
      return stated.length == 0 && expected != null ? expected : stated;
    }
  }

  private static List<Raw> rawEvents(String json) {
    JsonNode root = PhalaJson.readTree("event_log", json.getBytes(StandardCharsets.UTF_8));
    if (root.isObject() && root.has("event_log")) {
      root = root.get("event_log");
    }
    if (root.isTextual()) {
      root = PhalaJson.readTree("event_log", root.textValue());
    }
    if (!root.isArray()) {
      throw new IllegalArgumentException("not an array");
    }
    List<Raw> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      int imr = n.path("imr").asInt(-1);
      if (imr < 0 || imr > 3) {
        continue;
      }
      long type = n.path("event_type").asLong();
      String name = n.path("event").asText("");
      byte[] payload = Hex.decode("event_payload", n.path("event_payload").asText(""));
      byte[] stated = Hex.decode("digest", n.path("digest").asText(""));
      byte[] expected = null;
      if (imr == 3 && type == RUNTIME_EVENT_TYPE) {
        EventLogVersion v = n.path("version").asInt(1) == 2 ? EventLogVersion.V2 : EventLogVersion.V1;
        expected = v.digest(name, payload);
      }
      out.add(new Raw(i, imr, type, name, stated, expected, payload.length));
    }
    return out;
  }
}

package io.phat4j.attestation.ratls.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.ratls.AttestationWireFormat;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes dstack's attestation in its three certificate forms, following dstack's
 * {@code VersionedAttestation::from_bytes} (first byte 0x00: SCALE v0; a msgpack map prefix: v1)
 * and {@code Attestation::from_tdx_quote} for the legacy quote and event-log extensions.
 *
 * <p>Only the TDX platform is decoded (dstack's {@code DstackTdx} / {@code tdx}); other platforms
 * are reported as unsupported.
 */
public final class AttestationDecoder {
  /** dstack's bound on encoded attestation bytes (10 MiB). */
  public static final int MAX_ATTESTATION_BYTES = 10 * 1024 * 1024;

  /** The event type of dstack runtime events. */
  public static final long DSTACK_RUNTIME_EVENT_TYPE = 0x08000001L;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_EVENTS = 4096;

  private AttestationDecoder() {}

  /**
   * Decodes the content of the attestation extension.
   *
   * @param bytes the extension payload
   * @return the decoded attestation
   * @throws DecodeException if the bytes are not a supported attestation
   */
  public static DecodedAttestation decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new DecodeException("attestation", "empty");
    }
    if (bytes.length > MAX_ATTESTATION_BYTES) {
      throw new DecodeException("attestation", bytes.length + " bytes exceed the " + MAX_ATTESTATION_BYTES + "-byte bound");
    }
    int first = bytes[0] & 0xff;
    if (first == 0x00) {
      return decodeScale(bytes);
    }
    if ((first >= 0x80 && first <= 0x8f) || first == 0xde || first == 0xdf) {
      return decodeMsgpack(bytes);
    }
    throw new DecodeException("attestation", 0, String.format("unknown wire format (first byte 0x%02x)", first), null);
  }

  // --- v0: SCALE ---------------------------------------------------------------------------

  private static DecodedAttestation decodeScale(byte[] bytes) {
    ScaleReader r = new ScaleReader("attestation", bytes);
    r.u8("version"); // 0x00: LegacyVersionedAttestation::V0
    int at = r.position();
    int platform = r.u8("quote.variant");
    if (platform != 0) {
      throw r.error("quote.variant", at, "platform variant " + platform + " is not dstack-tdx (only TDX is supported)");
    }
    byte[] quote = r.bytes("quote.quote");
    int n = r.length("quote.event_log");
    List<TdxEvent> events = new ArrayList<>(Math.min(n, 256));
    for (int i = 0; i < n; i++) {
      String p = "quote.event_log[" + i + "].";
      long imr = r.u32(p + "imr");
      long type = r.u32(p + "event_type");
      byte[] digest = r.bytes(p + "digest");
      String event = r.string(p + "event");
      byte[] payload = r.bytes(p + "event_payload");
      events.add(new TdxEvent(imr, type, digest, event, payload, 1, null));
    }
    int m = r.length("runtime_events");
    List<TdxEvent> runtime = new ArrayList<>(Math.min(m, 256));
    for (int i = 0; i < m; i++) {
      String p = "runtime_events[" + i + "].";
      String event = r.string(p + "event");
      byte[] payload = r.bytes(p + "payload");
      runtime.add(new TdxEvent(3, DSTACK_RUNTIME_EVENT_TYPE, new byte[0], event, payload, 1, null));
    }
    byte[] reportData = r.fixed("report_data", 64);
    String config = r.string("config");
    r.end();
    return new DecodedAttestation(AttestationWireFormat.V0_SCALE, quote, List.copyOf(events), List.copyOf(runtime), reportData, config);
  }

  // --- v1: msgpack -------------------------------------------------------------------------

  private static DecodedAttestation decodeMsgpack(byte[] bytes) {
    Map<String, @Nullable Object> root = map("attestation", MsgpackReader.read("attestation", bytes));
    long version = integer("attestation.version", root.get("version"));
    if (version != 1) {
      throw new DecodeException("attestation.version", "unsupported attestation version " + version + " (expected 1)");
    }
    Map<String, @Nullable Object> platform = map("attestation.platform", root.get("platform"));
    String kind = string("attestation.platform.kind", platform.get("kind"));
    if (!kind.equals("tdx")) {
      throw new DecodeException("attestation.platform.kind", "platform \"" + kind + "\" is not tdx (only TDX is supported)");
    }
    Map<String, @Nullable Object> pdata = map("attestation.platform.data", platform.get("data"));
    byte[] quote = bytes("attestation.platform.data.quote", pdata.get("quote"));
    List<@Nullable Object> rawEvents = list("attestation.platform.data.event_log", pdata.get("event_log"));
    List<TdxEvent> events = new ArrayList<>(rawEvents.size());
    for (int i = 0; i < rawEvents.size(); i++) {
      String p = "attestation.platform.data.event_log[" + i + "]";
      Map<String, @Nullable Object> e = map(p, rawEvents.get(i));
      Object digest = e.get("digest");
      events.add(new TdxEvent(
          u32(p + ".imr", e.get("imr")),
          u32(p + ".event_type", e.get("event_type")),
          digest == null ? new byte[0] : bytes(p + ".digest", digest),
          string(p + ".event", e.get("event")),
          bytes(p + ".event_payload", e.get("event_payload")),
          eventVersion(p + ".version", e.get("version")),
          e.get("preimage") == null ? null : string(p + ".preimage", e.get("preimage"))));
    }
    Map<String, @Nullable Object> stack = map("attestation.stack", root.get("stack"));
    String stackKind = string("attestation.stack.kind", stack.get("kind"));
    if (!stackKind.equals("dstack") && !stackKind.equals("dstack-pod")) {
      throw new DecodeException("attestation.stack.kind", "unknown stack \"" + stackKind + "\"");
    }
    Map<String, @Nullable Object> sdata = map("attestation.stack.data", stack.get("data"));
    byte[] reportData = bytes("attestation.stack.data.report_data", sdata.get("report_data"));
    if (reportData.length != 64) {
      throw new DecodeException("attestation.stack.data.report_data", "must be 64 bytes, is " + reportData.length);
    }
    List<@Nullable Object> rawRuntime = list("attestation.stack.data.runtime_events", sdata.get("runtime_events"));
    List<TdxEvent> runtime = new ArrayList<>(rawRuntime.size());
    for (int i = 0; i < rawRuntime.size(); i++) {
      String p = "attestation.stack.data.runtime_events[" + i + "]";
      Map<String, @Nullable Object> e = map(p, rawRuntime.get(i));
      runtime.add(new TdxEvent(3, DSTACK_RUNTIME_EVENT_TYPE, new byte[0], string(p + ".event", e.get("event")),
          bytes(p + ".payload", e.get("payload")), eventVersion(p + ".version", e.get("version")), null));
    }
    String config = string("attestation.stack.data.config", sdata.get("config"));
    return new DecodedAttestation(AttestationWireFormat.V1_MSGPACK, quote, List.copyOf(events), List.copyOf(runtime), reportData, config);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> map(String field, @Nullable Object v) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, @Nullable Object>) m;
    }
    throw new DecodeException(field, v == null ? "missing" : "not a map");
  }

  @SuppressWarnings("unchecked")
  private static List<@Nullable Object> list(String field, @Nullable Object v) {
    if (v instanceof List<?> l) {
      if (l.size() > MAX_EVENTS) {
        throw new DecodeException(field, l.size() + " entries exceed the bound of " + MAX_EVENTS);
      }
      return (List<@Nullable Object>) l;
    }
    throw new DecodeException(field, v == null ? "missing" : "not an array");
  }

  private static String string(String field, @Nullable Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw new DecodeException(field, v == null ? "missing" : "not a string");
  }

  private static long integer(String field, @Nullable Object v) {
    if (v instanceof Long l) {
      return l;
    }
    throw new DecodeException(field, v == null ? "missing" : "not an integer");
  }

  private static long u32(String field, @Nullable Object v) {
    long l = integer(field, v);
    if (l < 0 || l > 0xffffffffL) {
      throw new DecodeException(field, "out of the u32 range");
    }
    return l;
  }

  private static int eventVersion(String field, @Nullable Object v) {
    if (v == null) {
      return 1;
    }
    long l = integer(field, v);
    if (l != 1 && l != 2) {
      throw new DecodeException(field, "unknown event log version " + l);
    }
    return (int) l;
  }

  /** serde writes {@code Vec<u8>} as an array of small integers and serde_bytes as bin; accept both. */
  private static byte[] bytes(String field, @Nullable Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof List<?> l) {
      byte[] out = new byte[l.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(l.get(i) instanceof Long x) || x < 0 || x > 255) {
          throw new DecodeException(field, "element " + i + " is not a byte");
        }
        out[i] = (byte) (long) x;
      }
      return out;
    }
    throw new DecodeException(field, v == null ? "missing" : "not bytes");
  }

  // --- legacy: quote and event-log extensions ------------------------------------------------

  /**
   * Builds the attestation of a legacy certificate: the quote, its event log (JSON) and the report
   * data taken from the quote, as dstack's {@code Attestation::from_tdx_quote} does.
   *
   * @param quote the quote extension's payload
   * @param eventLogJson the event log extension's payload (already decompressed)
   * @param quoteReportData the report data of the parsed quote
   * @return the decoded attestation
   */
  public static DecodedAttestation legacy(byte[] quote, String eventLogJson, byte[] quoteReportData) {
    JsonNode root;
    try {
      root = JSON.readTree(eventLogJson);
    } catch (JsonProcessingException e) {
      throw new DecodeException("event_log", "not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new DecodeException("event_log", "not a JSON array");
    }
    if (root.size() > MAX_EVENTS) {
      throw new DecodeException("event_log", root.size() + " entries exceed the bound of " + MAX_EVENTS);
    }
    List<TdxEvent> events = new ArrayList<>(root.size());
    List<TdxEvent> runtime = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      String p = "event_log[" + i + "]";
      JsonNode e = root.get(i);
      if (!e.isObject()) {
        throw new DecodeException(p, "not an object");
      }
      TdxEvent ev = new TdxEvent(
          jsonU32(p + ".imr", e.get("imr")),
          jsonU32(p + ".event_type", e.get("event_type")),
          e.hasNonNull("digest") ? Hex.decode(p + ".digest", jsonString(p + ".digest", e.get("digest"))) : new byte[0],
          jsonString(p + ".event", e.get("event")),
          Hex.decode(p + ".event_payload", jsonString(p + ".event_payload", e.get("event_payload"))),
          e.hasNonNull("version") ? (int) jsonU32(p + ".version", e.get("version")) : 1,
          e.hasNonNull("preimage") ? jsonString(p + ".preimage", e.get("preimage")) : null);
      events.add(ev);
      if (ev.eventType() == DSTACK_RUNTIME_EVENT_TYPE) {
        runtime.add(new TdxEvent(3, DSTACK_RUNTIME_EVENT_TYPE, new byte[0], ev.event(), ev.payload(), ev.version(), null));
      }
    }
    return new DecodedAttestation(AttestationWireFormat.LEGACY_QUOTE_EXTENSIONS, quote, List.copyOf(events), List.copyOf(runtime), quoteReportData, "");
  }

  private static long jsonU32(String field, @Nullable JsonNode n) {
    if (n == null || !n.canConvertToExactIntegral() || n.asLong() < 0 || n.asLong() > 0xffffffffL) {
      throw new DecodeException(field, "not a u32");
    }
    return n.asLong();
  }

  private static String jsonString(String field, @Nullable JsonNode n) {
    if (n == null || !n.isTextual()) {
      throw new DecodeException(field, "not a string");
    }
    return n.asText();
  }

  // --- output ----------------------------------------------------------------------------------

  /**
   * Writes an event log as dstack serializes its {@code TdxEvent}s to JSON: {@code imr},
   * {@code event_type}, hex {@code digest}, {@code event}, hex {@code event_payload}, and
   * {@code version} / {@code preimage} only for version 2 events.
   *
   * @param events the events
   * @return the JSON array text
   */
  public static String eventLogJson(List<TdxEvent> events) {
    ArrayNode arr = JSON.createArrayNode();
    for (TdxEvent e : events) {
      ObjectNode o = arr.addObject();
      o.put("imr", e.imr());
      o.put("event_type", e.eventType());
      o.put("digest", Hex.encode(e.digest()));
      o.put("event", e.event());
      o.put("event_payload", Hex.encode(e.payload()));
      if (e.version() != 1) {
        o.put("version", e.version());
      }
      if (e.preimage() != null) {
        o.put("preimage", e.preimage());
      }
    }
    try {
      return JSON.writeValueAsString(arr);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event log JSON", e);
    }
  }

  /**
   * Returns the VM config JSON a config string carries, as dstack reads it: the nested
   * {@code vm_config} string when the config is a sys-config, else the config itself.
   *
   * @param config the attestation's config string
   * @return the VM config JSON, or null when the config is empty
   */
  public static @Nullable String vmConfigJson(String config) {
    if (config.isEmpty()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(config);
      if (node != null && node.isObject() && node.path("vm_config").isTextual()) {
        return node.get("vm_config").asText();
      }
    } catch (JsonProcessingException e) {
      // Not JSON: returned as is; the verifier reports it.
    }
    return config;
  }
}

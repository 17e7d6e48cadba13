package io.phat4j.core.dstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Measurement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EventLogTest {
  private static final String REAL = "real-info/kms-prod9-pha/";
  private static final HexFormat HEX = HexFormat.of();

  private static JsonNode rtmr3Vector() {
    return Vectors.json("rtmr3-replay.json");
  }

  private static ArrayNode rtmr3Events() {
    return (ArrayNode) rtmr3Vector().get("events");
  }

  private static ObjectNode event(int index) {
    return (ObjectNode) rtmr3Events().get(index);
  }

  private static String log(JsonNode... entries) {
    ArrayNode a = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
    for (JsonNode e : entries) {
      a.add(e);
    }
    return Vectors.write(a);
  }

  private static byte[] sha384(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-384").digest(data);
  }

  @Test
  void parse_rtmr3Vector_recomputesEachDigestAndReplaysEachStep() {
    ArrayNode events = rtmr3Events();
    for (int i = 0; i < events.size(); i++) {
      ArrayNode prefix = events.deepCopy();
      while (prefix.size() > i + 1) {
        prefix.remove(prefix.size() - 1);
      }

      EventLog log = EventLog.parse(Vectors.write(prefix));

      EventLogEntry last = log.entries().get(i);
      assertThat(last.digestHex()).isEqualTo(events.get(i).get("digest").asText());
      assertThat(last.isRuntimeEvent()).isTrue();
      assertThat(last.version()).isEqualTo(EventLogVersion.V1);
      assertThat(log.replay().rtmr3().hex()).isEqualTo(events.get(i).get("rtmr3_after").asText());
      assertThat(log.replay().rtmr0()).isEqualTo(Measurement.of(new byte[48]));
    }
  }

  @Test
  void parse_emptyStatedDigests_filledFromRecomputation() {
    ArrayNode events = rtmr3Events();
    events.forEach(e -> ((ObjectNode) e).put("digest", ""));

    EventLog log = EventLog.parse(Vectors.write(events));

    assertThat(log.replay().rtmr3().hex()).isEqualTo(rtmr3Vector().get("final_rtmr3").asText());
    assertThat(log.entries().get(0).statedDigest()).isEmpty();
    assertThat(log.entries().get(0).digestHex()).isEqualTo(rtmr3Vector().get("events").get(0).get("digest").asText());
  }

  @Test
  void parse_missingDigestField_treatedAsEmpty() {
    ObjectNode e = event(1);
    e.remove("digest");

    EventLog log = EventLog.parse(log(e));

    assertThat(log.entries().get(0).digestHex()).isEqualTo(event(1).get("digest").asText());
  }

  @Test
  void parse_getQuoteResponse_reproducesQuoteRtmrs() {
    byte[] response = Vectors.bytes("dstack-guest-getquote-response.json");
    byte[] quote = HEX.parseHex(Vectors.json("dstack-guest-getquote-response.json").get("quote").asText());

    Rtmrs replayed = EventLog.parse(response).replay();

    for (int i = 0; i < 4; i++) {
      int start = 376 + 48 * i;
      assertThat(replayed.get(i)).as("RTMR%d", i).isEqualTo(Measurement.of(Arrays.copyOfRange(quote, start, start + 48)));
    }
  }

  @Test
  void parse_getQuoteEventLogString_sameAsWholeResponse() {
    JsonNode response = Vectors.json("dstack-guest-getquote-response.json");

    EventLog fromString = EventLog.parse(response.get("event_log").asText());
    EventLog fromResponse = EventLog.parse(Vectors.bytes("dstack-guest-getquote-response.json"));

    assertThat(fromString.size()).isEqualTo(28);
    assertThat(fromString.replay()).isEqualTo(fromResponse.replay());
  }

  @Test
  void parse_objectWithEventLogArray_acceptedLikeBareArray() {
    String array = Vectors.write(rtmr3Events());

    EventLog log = EventLog.parse("{\"quote\":\"\",\"event_log\":" + array + "}");

    assertThat(log.replay()).isEqualTo(EventLog.parse(array).replay());
    assertThat(log.replay().rtmr3().hex()).isEqualTo(rtmr3Vector().get("final_rtmr3").asText());
  }

  @Test
  void entry_returnedArrays_areCopies() {
    EventLogEntry e = EventLog.parse(log(event(1))).entries().get(0);

    e.payload()[0] ^= 1;
    e.digest()[0] ^= 1;

    assertThat(e.payloadHex()).isEqualTo(event(1).get("event_payload").asText());
    assertThat(e.digestHex()).isEqualTo(event(1).get("digest").asText());
    assertThat(e.toString()).isEqualTo("EventLogEntry[#0 imr=3 type=0x8000001 event=app-id digest=" + e.digestHex() + "]");
  }

  @Test
  void runtimeEvents_getQuoteResponse_typedValuesAndAppEvents() {
    DstackRuntimeEvents rt = EventLog.parse(Vectors.bytes("dstack-guest-getquote-response.json")).runtimeEvents();

    assertThat(rt.all()).hasSize(8);
    assertThat(rt.appId().hex()).isEqualTo("3763bc34552cf3a27ff71ad5f7a90471562a1a2d");
    assertThat(rt.composeHash().hex()).isEqualTo("3763bc34552cf3a27ff71ad5f7a90471562a1a2df552dfc1998cba2d60da27e7");
    assertThat(HEX.formatHex(rt.instanceId())).isEqualTo("c3714eb66990eace777b4e664c16e09375dec4c9");
    assertThat(rt.keyProvider().name()).isEqualTo("local-sgx");
    assertThat(rt.keyProvider().id()).startsWith("1b7a49378");
    assertThat(rt.systemReady()).isTrue();
    assertThat(rt.appEvents()).extracting(EventLogEntry::event).containsExactly("LIUM_MINER_HOTKEY");
    assertThat(rt.bootEvent("LIUM_MINER_HOTKEY")).isNull();
    assertThat(rt.bootEvent("boot-mr-done").payload()).isEmpty();
    assertThat(rt.storageFs()).isNull();
    assertThat(rt.osImageHash()).isNull();
    assertThat(rt.initScriptHashes()).isEmpty();
  }

  @Test
  void parse_realKmsInfo_matchesExpectedRtmrsAndComposeHash() throws Exception {
    JsonNode expected = Vectors.json(REAL + "expected.json");
    byte[] compose = Vectors.bytes(REAL + "app_compose.json");

    EventLog log = EventLog.parse(Vectors.bytes(REAL + "event_log.json"));

    assertThat(log.size()).isEqualTo(expected.get("event_count").asInt());
    for (int i = 0; i < 4; i++) {
      assertThat(log.replay().get(i).hex()).isEqualTo(expected.get("rtmr" + i).asText());
    }
    assertThat(log.entries().stream().filter(EventLogEntry::isRuntimeEvent))
        .hasSize(expected.get("imr3_dstack_event_count").asInt())
        .allSatisfy(e -> assertThat(e.digest()).isEqualTo(e.statedDigest()));
    DstackRuntimeEvents rt = log.runtimeEvents();
    assertThat(rt.composeHash().hex()).isEqualTo(expected.get("compose_hash_event").asText());
    assertThat(rt.composeHash()).isEqualTo(ComposeHash.of(compose));
    assertThat(rt.composeHash().toByteArray()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(compose));
    assertThat(rt.appId().hex()).isEqualTo(expected.get("app_id_event").asText());
    assertThat(rt.appId()).isEqualTo(AppCompose.parse(compose).appId());
    assertThat(rt.instanceId()).isEmpty();
  }

  @Test
  void parse_tamperedPayload_throwsMismatchNamingEvent() {
    ObjectNode e = event(2);
    e.put("event_payload", "00" + e.get("event_payload").asText().substring(2));

    assertThatThrownBy(() -> EventLog.parse(log(event(0), event(1), e)))
        .isInstanceOf(EventDigestMismatchException.class)
        .isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("event_log[2] (\"compose-hash\"): stated digest db822c3e")
        .hasMessageContaining("does not match the V1 digest")
        .satisfies(t -> {
          EventDigestMismatchException m = (EventDigestMismatchException) t;
          assertThat(m.index()).isEqualTo(2);
          assertThat(m.eventName()).isEqualTo("compose-hash");
        });
  }

  @Test
  void parse_renamedEvent_throwsMismatch() {
    ObjectNode e = event(1);
    e.put("event", "app-iD");

    assertThatThrownBy(() -> EventLog.parse(log(e)))
        .isInstanceOf(EventDigestMismatchException.class)
        .hasMessageStartingWith("event_log[0] (\"app-iD\"): stated digest");
  }

  @Test
  void parse_v2Event_digestIsSha384OfJcsJson() throws Exception {
    byte[] jcs = "{\"name\":\"my-event\",\"payload\":\"abcd\",\"type\":134217729}".getBytes(StandardCharsets.UTF_8);
    String json = "[{\"imr\":3,\"event_type\":134217729,\"digest\":\"\",\"event\":\"my-event\","
        + "\"event_payload\":\"abcd\",\"version\":2}]";

    EventLogEntry e = EventLog.parse(json).entries().get(0);

    assertThat(e.version()).isEqualTo(EventLogVersion.V2);
    assertThat(e.digest()).isEqualTo(sha384(jcs));
    assertThat(EventLogVersion.V2.hashInput("my-event", HEX.parseHex("abcd"))).isEqualTo(jcs);
  }

  @Test
  void parse_v2EventWithStatedDigestAndPreimage_accepted() throws Exception {
    byte[] jcs = "{\"name\":\"x\\\"y\",\"payload\":\"00ff\",\"type\":134217729}".getBytes(StandardCharsets.UTF_8);
    String json = "[{\"imr\":3,\"event_type\":134217729,\"digest\":\"" + HEX.formatHex(sha384(jcs))
        + "\",\"event\":\"x\\\"y\",\"event_payload\":\"00ff\",\"preimage\":\"" + HEX.formatHex(jcs) + "\"}]";

    EventLogEntry e = EventLog.parse(json).entries().get(0);

    // No "version": the JSON pre-image identifies V2.
    assertThat(e.version()).isEqualTo(EventLogVersion.V2);
    assertThat(e.statedHashInput()).isEqualTo(jcs);
  }

  @Test
  void parse_wrongPreimage_throwsMismatch() {
    String json = "[{\"imr\":3,\"event_type\":134217729,\"event\":\"app-id\",\"event_payload\":\"\","
        + "\"version\":1,\"hash_input\":\"01020304\"}]";

    assertThatThrownBy(() -> EventLog.parse(json))
        .isInstanceOf(EventDigestMismatchException.class)
        .hasMessage("event_log[0] (\"app-id\"): stated pre-image does not match the V1 pre-image of its name and payload");
  }

  @Test
  void parse_v1PreimageStated_matchesBinaryForm() {
    byte[] input = EventLogVersion.V1.hashInput("a", new byte[] {1});
    String json = "[{\"imr\":3,\"event_type\":134217729,\"event\":\"a\",\"event_payload\":\"01\",\"preimage\":\""
        + HEX.formatHex(input) + "\"}]";

    EventLogEntry e = EventLog.parse(json).entries().get(0);

    assertThat(HEX.formatHex(input)).isEqualTo("01000008" + "3a" + "61" + "3a" + "01");
    assertThat(e.version()).isEqualTo(EventLogVersion.V1);
  }

  @Test
  void parse_nonRuntimeEvents_replayStatedDigest() throws Exception {
    byte[] d = new byte[48];
    d[0] = 7;
    String json = "[{\"imr\":1,\"event_type\":134217729,\"digest\":\"" + HEX.formatHex(d)
        + "\",\"event\":\"app-id\",\"event_payload\":\"\"},"
        + "{\"imr\":3,\"event_type\":1,\"digest\":\"0102\",\"event\":\"\",\"event_payload\":\"\"}]";

    EventLog log = EventLog.parse(json);

    assertThat(log.entries()).noneMatch(EventLogEntry::isRuntimeEvent);
    assertThat(log.replay().rtmr1().toByteArray()).isEqualTo(sha384(concat(new byte[48], d)));
    byte[] padded = new byte[48];
    padded[0] = 1;
    padded[1] = 2;
    assertThat(log.replay().rtmr3().toByteArray()).isEqualTo(sha384(concat(new byte[48], padded)));
    assertThat(log.runtimeEvents().all()).isEmpty();
  }

  @Test
  void runtimeEvents_composeHashEmittedAfterSystemReady_ignoredByTypedAccessor() {
    ObjectNode forged = event(2);
    forged.put("event_payload", "ff".repeat(32));
    forged.put("digest", "");

    DstackRuntimeEvents rt = EventLog.parse(Vectors.write(rtmr3Events().add(forged))).runtimeEvents();

    assertThat(rt.composeHash().hex()).isEqualTo(event(2).get("event_payload").asText());
    assertThat(rt.appEvents()).hasSize(1);
    assertThat(rt.storageFs()).isEqualTo("zfs");
    assertThat(rt.keyProvider()).isEqualTo(new KeyProvider("kms", "02" + "ab".repeat(32)));
  }

  @Test
  void runtimeEvents_duplicateBootEvent_throws() {
    assertThatThrownBy(() -> EventLog.parse(log(event(1), event(1))))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[1].event_payload: is the second \"app-id\" event before system-ready; dstack emits it once");
  }

  @Test
  void runtimeEvents_appIdOfWrongLength_throws() {
    ObjectNode e = event(1);
    e.put("event_payload", "abcd");
    e.put("digest", "");

    assertThatThrownBy(() -> EventLog.parse(log(e)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("event_log[0].event_payload")
        .hasMessageContaining("must be 20 bytes");
  }

  @Test
  void runtimeEvents_keyProviderNotJson_throws() {
    ObjectNode e = event(5);
    e.put("event_payload", HEX.formatHex("kms".getBytes(StandardCharsets.UTF_8)));
    e.put("digest", "");

    assertThatThrownBy(() -> EventLog.parse(log(e)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("event_log[0].event_payload (key-provider JSON)")
        .hasMessageContaining("is not valid JSON");
  }

  @Test
  void parse_malformedJson_throwsWithOffset() {
    assertThatThrownBy(() -> EventLog.parse("[{\"imr\":3,}]"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("event_log at offset 10")
        .hasMessageContaining("is not valid JSON");
  }

  @Test
  void parse_malformedEventLogString_namesInnerDocument() {
    assertThatThrownBy(() -> EventLog.parse("{\"event_log\":\"[{\\\"imr\\\":\"}"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("event_log (JSON string) at offset");
  }

  @Test
  void parse_wrongTopLevelType_throws() {
    assertThatThrownBy(() -> EventLog.parse("42"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log: must be a JSON array of events or an object with an event_log field, got number");
    assertThatThrownBy(() -> EventLog.parse("{\"quote\":\"00\"}"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log: is missing from the response object");
    assertThatThrownBy(() -> EventLog.parse("[1]"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0]: must be a JSON object, got number");
  }

  @Test
  void parse_missingImr_throwsNamingIndexAndField() {
    ObjectNode e = event(0);
    e.remove("imr");

    assertThatThrownBy(() -> EventLog.parse(log(event(1), e)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[1].imr: is missing");
  }

  @Test
  void parse_imrOutOfRangeOrMistyped_throws() {
    ObjectNode four = event(0);
    four.put("imr", 4);
    ObjectNode text = event(0);
    text.put("imr", "3");
    ObjectNode fraction = event(0);
    fraction.put("imr", 3.5);

    assertThatThrownBy(() -> EventLog.parse(log(four)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].imr: must be in 0..3, got 4");
    assertThatThrownBy(() -> EventLog.parse(log(text)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].imr: must be an integer, got string \"3\"");
    assertThatThrownBy(() -> EventLog.parse(log(fraction)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].imr: must be an integer, got number 3.5");
  }

  @Test
  void parse_eventTypeOutOfRange_throws() {
    assertThatThrownBy(() -> EventLog.parse(
            "[{\"imr\":0,\"event_type\":4294967296,\"digest\":\"00\",\"event\":\"\",\"event_payload\":\"\"}]"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].event_type: must be in 0..4294967295, got 4294967296");
  }

  @Test
  void parse_badHexDigest_throwsWithPosition() {
    ObjectNode e = event(0);
    e.put("digest", "f9974020ef5070g8");

    assertThatThrownBy(() -> EventLog.parse(log(e)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].digest: invalid hex character 'g' at position 14");
  }

  @Test
  void parse_badHexPayload_throwsNamingField() {
    ObjectNode e = event(1);
    e.put("event_payload", "abc");

    assertThatThrownBy(() -> EventLog.parse(log(e)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].event_payload: hex has an odd number of digits (3)");
  }

  @Test
  void parse_digestLongerThan48Bytes_throws() {
    ObjectNode e = event(0);
    e.put("digest", "00".repeat(49));

    assertThatThrownBy(() -> EventLog.parse(log(e)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].digest: must be at most 48 bytes, got 49");
  }

  @Test
  void parse_bootEventWithoutDigest_throws() {
    assertThatThrownBy(() -> EventLog.parse(
            "[{\"imr\":0,\"event_type\":10,\"digest\":\"\",\"event\":\"\",\"event_payload\":\"41\"}]"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].digest: is missing or empty; only dstack runtime events can be recomputed");
  }

  @Test
  void parse_unknownVersion_throws() {
    ObjectNode e = event(0);
    e.put("version", 3);

    assertThatThrownBy(() -> EventLog.parse(log(e)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].version: must be in 1..2, got 3");
  }

  @Test
  void parse_missingEventName_throws() {
    ObjectNode e = event(0);
    e.remove("event");

    assertThatThrownBy(() -> EventLog.parse(log(e)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].event: is missing");
  }

  @Test
  void parse_duplicateKeyInEntry_throws() {
    assertThatThrownBy(() -> EventLog.parse("[{\"imr\":3,\"imr\":0}]"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log at offset 10: has a duplicate key \"imr\"");
  }

  @Test
  void parse_unpairedSurrogateInRuntimeEventName_throws() {
    assertThatThrownBy(() -> EventLog.parse(
            "[{\"imr\":3,\"event_type\":134217729,\"event\":\"a\\ud800\",\"event_payload\":\"\"}]"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("event_log[0].event: contains an unpaired surrogate at position 1");
  }

  @Test
  void rtmrsGet_outOfRange_throws() {
    Rtmrs r = EventLog.parse("[]").replay();

    assertThat(r.get(3)).isEqualTo(Measurement.of(new byte[48]));
    assertThatThrownBy(() -> r.get(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RTMR index must be 0-3, got 4");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

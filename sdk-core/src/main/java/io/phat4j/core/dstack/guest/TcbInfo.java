package io.phat4j.core.dstack.guest;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Measurement;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.Rtmrs;
import io.phat4j.core.dstack.guest.internal.GuestJson;
import io.phat4j.core.json.PhalaJson;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code tcb_info} document of a v0 {@code Info} reply, which the agent nests as a JSON string.
 *
 * <p>These values are claims, not evidence: nothing signs them. Check the registers against a
 * verified quote, and the compose hash against SHA-256 of {@link #appCompose()}.
 *
 * @param mrtd MRTD
 * @param rtmrs RTMR0–3 as stated
 * @param mrAggregated {@code mr_aggregated}, or {@code null} if empty
 * @param osImageHash {@code os_image_hash}, or {@code null} if empty
 * @param composeHash {@code compose_hash}, or {@code null} if empty
 * @param deviceId {@code device_id}, or {@code null} if empty
 * @param eventLog the event log, parsed with every runtime-event digest recomputed
 * @param appCompose the deployed {@code app-compose.json}, verbatim
 */
public record TcbInfo(
    Measurement mrtd,
    Rtmrs rtmrs,
    @Nullable Bytes32 mrAggregated,
    @Nullable Bytes32 osImageHash,
    @Nullable Bytes32 composeHash,
    @Nullable Bytes32 deviceId,
    EventLog eventLog,
    String appCompose) {

  private static final String WHAT = "Info.tcb_info";

  /**
   * Checks the components.
   *
   * @param mrtd MRTD
   * @param rtmrs RTMR0–3
   * @param mrAggregated the aggregated measurement
   * @param osImageHash the OS image hash
   * @param composeHash the compose hash
   * @param deviceId the device id
   * @param eventLog the event log
   * @param appCompose the compose text
   */
  public TcbInfo {
    Objects.requireNonNull(mrtd, "mrtd");
    Objects.requireNonNull(rtmrs, "rtmrs");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(appCompose, "appCompose");
  }

  /**
   * Parses the {@code tcb_info} JSON string.
   *
   * @param json the text of the {@code tcb_info} field
   * @return the typed document
   * @throws DecodeException if the JSON or a field is malformed
   * @throws io.phat4j.core.dstack.EventDigestMismatchException if a runtime event's stated digest
   *     is wrong
   */
  public static TcbInfo parse(String json) {
    JsonNode node = PhalaJson.readTree(WHAT, json);
    if (!node.isObject()) {
      throw new DecodeException(WHAT, "must be a JSON object");
    }
    return new TcbInfo(
        Measurement.fromHex(WHAT + ".mrtd", text(node, "mrtd")),
        new Rtmrs(
            Measurement.fromHex(WHAT + ".rtmr0", text(node, "rtmr0")),
            Measurement.fromHex(WHAT + ".rtmr1", text(node, "rtmr1")),
            Measurement.fromHex(WHAT + ".rtmr2", text(node, "rtmr2")),
            Measurement.fromHex(WHAT + ".rtmr3", text(node, "rtmr3"))),
        optional32(node, "mr_aggregated"),
        optional32(node, "os_image_hash"),
        optional32(node, "compose_hash"),
        optional32(node, "device_id"),
        node.has("event_log") ? EventLog.parse(json) : EventLog.parse("[]"),
        text(node, "app_compose"));
  }

  /** Summarises: the event log and compose document are left out. */
  @Override
  public String toString() {
    return "TcbInfo[mrtd="
        + mrtd
        + ", rtmr3="
        + rtmrs.rtmr3()
        + ", composeHash="
        + composeHash
        + ", events="
        + eventLog.size()
        + ", appCompose="
        + appCompose.length()
        + " chars]";
  }

  private static String text(JsonNode node, String field) {
    return GuestJson.text(node, WHAT, field);
  }

  private static @Nullable Bytes32 optional32(JsonNode node, String field) {
    return GuestJson.optionalBytes32(node, WHAT, field);
  }
}

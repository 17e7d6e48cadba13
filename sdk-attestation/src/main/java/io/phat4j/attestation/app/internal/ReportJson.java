package io.phat4j.attestation.app.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.app.AppInfo;
import io.phat4j.attestation.app.RaTlsBinding;
import io.phat4j.attestation.app.RtmrMismatch;
import io.phat4j.core.Hex;
import io.phat4j.core.dstack.KeyProvider;
import org.jspecify.annotations.Nullable;

/**
 * Renders a verification in dstack-verifier's {@code VerificationResponse} shape: the same keys in
 * the same order, {@code null} where it has {@code None}, {@code boot_info} with camelCase keys,
 * {@code boot_info} and {@code rtmr_debug} left out when absent, hex in lowercase without {@code 0x}.
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportJson() {}

  /**
   * Renders the response to an unusable request: every detail at its default.
   *
   * @param reason why
   * @return one JSON object
   */
  public static String unusable(String reason) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("is_valid", false);
    ObjectNode d = root.putObject("details");
    d.put("quote_verified", false);
    d.put("event_log_verified", false);
    d.put("os_image_hash_verified", false);
    d.put("acpi_tables_verified", false);
    d.putNull("os_image_is_dev");
    d.putNull("os_image_version");
    d.putNull("tee_variant");
    d.putNull("report_data");
    d.putNull("tcb_status");
    d.putArray("advisory_ids");
    d.putNull("key_provider");
    d.putNull("app_info");
    root.put("reason", reason);
    return write(root);
  }

  /**
   * Renders the report.
   *
   * @param f the facts
   * @param valid the verdict
   * @param reason the reason, or null when valid
   * @return one JSON object
   */
  public static String render(Facts f, boolean valid, @Nullable String reason) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("is_valid", valid);
    ObjectNode d = root.putObject("details");
    d.put("quote_verified", f.quoteVerified());
    d.put("event_log_verified", f.eventLogVerified());
    d.put("os_image_hash_verified", f.osImageVerified());
    d.put("acpi_tables_verified", f.acpiTablesVerified());
    if (f.osImageIsDev() == null) {
      d.putNull("os_image_is_dev");
    } else {
      d.put("os_image_is_dev", f.osImageIsDev());
    }
    d.put("os_image_version", f.osImageVersion());
    d.put("tee_variant", f.quoteVerified() ? f.teeVariant() : null);
    byte[] rd = f.reportData();
    d.put("report_data", rd == null ? null : Hex.encode(rd));
    d.put("tcb_status", f.tcbStatus());
    ArrayNode adv = d.putArray("advisory_ids");
    f.advisoryIds().forEach(adv::add);
    KeyProvider kp = f.keyProvider();
    if (kp == null) {
      d.putNull("key_provider");
    } else {
      ObjectNode k = d.putObject("key_provider");
      k.put("name", kp.name());
      k.put("id", kp.id());
    }
    AppInfo info = f.appInfo();
    if (info == null) {
      d.putNull("app_info");
    } else {
      ObjectNode a = d.putObject("app_info");
      a.put("app_id", info.appIdHex());
      a.put("compose_hash", info.composeHashHex());
      a.put("instance_id", info.instanceIdHex());
      a.put("device_id", info.deviceIdHex());
      a.put("mr_system", info.mrSystem().hex());
      a.put("mr_aggregated", info.mrAggregated().hex());
      a.put("os_image_hash", info.osImageHashHex());
      a.put("key_provider_info", info.keyProviderInfoHex());
      ArrayNode s = a.putArray("init_script_hashes");
      info.initScriptHashes().forEach(s::add);
      ObjectNode b = d.putObject("boot_info");
      b.put("teeVariant", f.teeVariant());
      b.put("mrAggregated", info.mrAggregated().hex());
      b.put("osImageHash", info.osImageHashHex());
      b.put("mrSystem", info.mrSystem().hex());
      b.put("appId", info.appIdHex());
      b.put("composeHash", info.composeHashHex());
      b.put("instanceId", info.instanceIdHex());
      b.put("deviceId", info.deviceIdHex());
      b.put("keyProviderInfo", info.keyProviderInfoHex());
      b.put("tcbStatus", f.tcbStatus() == null ? "" : f.tcbStatus());
      ArrayNode ba = b.putArray("advisoryIds");
      f.advisoryIds().forEach(ba::add);
    }
    if (!f.rtmrDebug().isEmpty()) {
      ArrayNode dbg = d.putArray("rtmr_debug");
      for (RtmrMismatch m : f.rtmrDebug()) {
        ObjectNode o = dbg.addObject();
        o.put("rtmr", m.rtmr());
        o.put("expected", m.expected());
        o.put("actual", m.actual());
        ArrayNode ev = o.putArray("events");
        for (RtmrMismatch.Event e : m.events()) {
          ObjectNode x = ev.addObject();
          x.put("index", e.index());
          x.put("event_type", e.eventType());
          x.put("event_name", e.eventName());
          x.put("actual_digest", e.actualDigest());
          if (e.expectedDigest() != null) {
            x.put("expected_digest", e.expectedDigest());
          }
          x.put("payload_len", e.payloadLength());
          x.put("status", e.status().jsonName());
        }
        if (!m.missingExpectedDigests().isEmpty()) {
          ArrayNode miss = o.putArray("missing_expected_digests");
          m.missingExpectedDigests().forEach(miss::add);
        }
      }
    }
    root.put("reason", reason);
    RaTlsBinding t = f.raTls();
    if (t != null) {
      ObjectNode r = root.putObject("ra_tls");
      r.put("report_data_bound", t.reportDataBound());
      r.put("attestation_wire_format", t.attestationWireFormat());
      r.put("public_key_der", t.publicKeyDerHex());
    }
    return write(root);
  }

  private static String write(ObjectNode root) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

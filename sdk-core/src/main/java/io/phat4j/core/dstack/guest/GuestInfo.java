package io.phat4j.core.dstack.guest;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.dstack.KeyProvider;
import io.phat4j.core.dstack.guest.internal.GuestJson;
import io.phat4j.core.json.PhalaJson;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The app's identity and configuration from the v0 {@code Info} RPC.
 *
 * <p>Nothing here is evidence: it comes over a local socket with no quote behind it. The nested
 * {@code tcb_info} JSON string is parsed into {@link TcbInfo} ({@code null} when the agent sends
 * it empty), {@code key_provider_info} into a {@link KeyProvider} and {@code vm_config} into a
 * {@link VmConfig}. Empty hex fields (an app without instance id, an agent that computed no OS
 * image hash) are {@code null}.
 *
 * @param appId {@code app_id}
 * @param instanceIdHex {@code instance_id} as hex, empty when the app has none
 * @param appCert {@code app_cert}: the agent's self-issued PEM chain (not evidence)
 * @param tcbInfo the parsed {@code tcb_info}, or {@code null} if empty
 * @param appName {@code app_name}
 * @param deviceId {@code device_id}, or {@code null} if empty
 * @param mrAggregated {@code mr_aggregated}, or {@code null} if empty
 * @param osImageHash {@code os_image_hash}, or {@code null} if empty
 * @param keyProvider the parsed {@code key_provider_info}, or {@code null} if empty
 * @param composeHash {@code compose_hash}, or {@code null} if empty
 * @param vmConfig the parsed {@code vm_config}, or {@code null} if empty
 * @param cloudVendor {@code cloud_vendor}, empty if not reported
 * @param cloudProduct {@code cloud_product}, empty if not reported
 */
public record GuestInfo(
    AppId appId,
    String instanceIdHex,
    String appCert,
    @Nullable TcbInfo tcbInfo,
    String appName,
    @Nullable Bytes32 deviceId,
    @Nullable Bytes32 mrAggregated,
    @Nullable Bytes32 osImageHash,
    @Nullable KeyProvider keyProvider,
    @Nullable Bytes32 composeHash,
    @Nullable VmConfig vmConfig,
    String cloudVendor,
    String cloudProduct) {

  private static final String WHAT = "Info";

  /**
   * Checks the components.
   *
   * @param appId the app id
   * @param instanceIdHex the instance id
   * @param appCert the certificate chain
   * @param tcbInfo the TCB info
   * @param appName the app name
   * @param deviceId the device id
   * @param mrAggregated the aggregated measurement
   * @param osImageHash the OS image hash
   * @param keyProvider the key provider
   * @param composeHash the compose hash
   * @param vmConfig the VM configuration
   * @param cloudVendor the cloud vendor
   * @param cloudProduct the cloud product
   */
  public GuestInfo {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(instanceIdHex, "instanceIdHex");
    Objects.requireNonNull(appCert, "appCert");
    Objects.requireNonNull(appName, "appName");
    Objects.requireNonNull(cloudVendor, "cloudVendor");
    Objects.requireNonNull(cloudProduct, "cloudProduct");
  }

  /**
   * Parses an {@code Info} reply body (v0 {@code /Info}, legacy {@code /prpc/Tappd.Info}, or the
   * external {@code /prpc/Info}).
   *
   * @param body the UTF-8 JSON reply
   * @return the typed info
   * @throws DecodeException if the JSON or a field is malformed
   */
  public static GuestInfo parse(byte[] body) {
    JsonNode node = GuestJson.object(WHAT, body);
    String instanceId = text(node, "instance_id");
    Hex.decode(WHAT + ".instance_id", instanceId);
    String tcb = text(node, "tcb_info");
    String keyProvider = text(node, "key_provider_info");
    String vmConfig = text(node, "vm_config");
    return new GuestInfo(
        AppId.fromHex(WHAT + ".app_id", text(node, "app_id")),
        instanceId.toLowerCase(java.util.Locale.ROOT),
        text(node, "app_cert"),
        tcb.isEmpty() ? null : TcbInfo.parse(tcb),
        text(node, "app_name"),
        optional32(node, "device_id"),
        optional32(node, "mr_aggregated"),
        optional32(node, "os_image_hash"),
        keyProvider.isEmpty() ? null : keyProvider(keyProvider),
        optional32(node, "compose_hash"),
        vmConfig.isEmpty() ? null : VmConfig.parse(WHAT + ".vm_config", vmConfig),
        text(node, "cloud_vendor"),
        text(node, "cloud_product"));
  }

  /** Summarises: the certificate chain and the nested documents are left out. */
  @Override
  public String toString() {
    return "GuestInfo[appId="
        + appId
        + ", appName="
        + appName
        + ", instanceId="
        + instanceIdHex
        + ", composeHash="
        + composeHash
        + ", keyProvider="
        + keyProvider
        + ", tcbInfo="
        + (tcbInfo == null ? "none" : "present")
        + "]";
  }

  static KeyProvider keyProvider(String json) {
    String what = WHAT + ".key_provider_info";
    JsonNode node = PhalaJson.readTree(what, json);
    if (!node.isObject()
        || !(node.path("name").isTextual())
        || !(node.path("id").isTextual() || node.path("id").isMissingNode())) {
      throw new DecodeException(what, "must be a JSON object {name, id} with string values");
    }
    return new KeyProvider(node.get("name").textValue(), node.path("id").asText(""));
  }

  private static String text(JsonNode node, String field) {
    return GuestJson.text(node, WHAT, field);
  }

  private static @Nullable Bytes32 optional32(JsonNode node, String field) {
    return GuestJson.optionalBytes32(node, WHAT, field);
  }
}

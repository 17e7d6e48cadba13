package io.phat4j.core.dstack.guest;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.dstack.KeyProvider;
import io.phat4j.core.dstack.guest.internal.GuestJson;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The app's identity and configuration from the v1 {@code Info} RPC (dstack 0.6).
 *
 * <p>Flat, unlike the v0 {@link GuestInfo}: no {@code tcb_info}, no measurement registers and no
 * event log (those come with an attestation), no {@code app_cert}; {@code app_compose} is a
 * top-level field. Nothing here is evidence.
 *
 * @param appId {@code app_id}
 * @param appName {@code app_name}
 * @param composeHash {@code compose_hash}, or {@code null} if empty
 * @param appCompose {@code app_compose}, the deployed document verbatim (empty if not served)
 * @param instanceIdHex {@code instance_id} as hex, empty when the app has none
 * @param deviceId {@code device_id}, or {@code null} if empty
 * @param osImageHash {@code os_image_hash}, or {@code null} if empty
 * @param mrAggregated {@code mr_aggregated}, or {@code null} if empty
 * @param vmConfig the parsed {@code vm_config}, or {@code null} if empty
 * @param keyProvider the parsed {@code key_provider_info}, or {@code null} if empty
 * @param cloudVendor {@code cloud_vendor}
 * @param cloudProduct {@code cloud_product}
 */
public record GuestInfoV1(
    AppId appId,
    String appName,
    @Nullable Bytes32 composeHash,
    String appCompose,
    String instanceIdHex,
    @Nullable Bytes32 deviceId,
    @Nullable Bytes32 osImageHash,
    @Nullable Bytes32 mrAggregated,
    @Nullable VmConfig vmConfig,
    @Nullable KeyProvider keyProvider,
    String cloudVendor,
    String cloudProduct) {

  private static final String WHAT = "v1/Info";

  /**
   * Checks the components.
   *
   * @param appId the app id
   * @param appName the app name
   * @param composeHash the compose hash
   * @param appCompose the compose document
   * @param instanceIdHex the instance id
   * @param deviceId the device id
   * @param osImageHash the OS image hash
   * @param mrAggregated the aggregated measurement
   * @param vmConfig the VM configuration
   * @param keyProvider the key provider
   * @param cloudVendor the cloud vendor
   * @param cloudProduct the cloud product
   */
  public GuestInfoV1 {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(appName, "appName");
    Objects.requireNonNull(appCompose, "appCompose");
    Objects.requireNonNull(instanceIdHex, "instanceIdHex");
    Objects.requireNonNull(cloudVendor, "cloudVendor");
    Objects.requireNonNull(cloudProduct, "cloudProduct");
  }

  /**
   * Parses a v1 {@code Info} reply body.
   *
   * @param body the UTF-8 JSON reply
   * @return the typed info
   * @throws DecodeException if the JSON or a field is malformed
   */
  public static GuestInfoV1 parse(byte[] body) {
    JsonNode node = GuestJson.object(WHAT, body);
    String instanceId = GuestJson.text(node, WHAT, "instance_id");
    Hex.decode(WHAT + ".instance_id", instanceId);
    String vmConfig = GuestJson.text(node, WHAT, "vm_config");
    String keyProvider = GuestJson.text(node, WHAT, "key_provider_info");
    return new GuestInfoV1(
        AppId.fromHex(WHAT + ".app_id", GuestJson.text(node, WHAT, "app_id")),
        GuestJson.text(node, WHAT, "app_name"),
        optional32(node, "compose_hash"),
        GuestJson.text(node, WHAT, "app_compose"),
        instanceId.toLowerCase(Locale.ROOT),
        optional32(node, "device_id"),
        optional32(node, "os_image_hash"),
        optional32(node, "mr_aggregated"),
        vmConfig.isEmpty() ? null : VmConfig.parse(WHAT + ".vm_config", vmConfig),
        keyProvider.isEmpty() ? null : GuestInfo.keyProvider(keyProvider),
        GuestJson.text(node, WHAT, "cloud_vendor"),
        GuestJson.text(node, WHAT, "cloud_product"));
  }

  /** Summarises: the compose document and VM configuration are left out. */
  @Override
  public String toString() {
    return "GuestInfoV1[appId="
        + appId
        + ", appName="
        + appName
        + ", instanceId="
        + instanceIdHex
        + ", composeHash="
        + composeHash
        + ", keyProvider="
        + keyProvider
        + "]";
  }

  private static @Nullable Bytes32 optional32(JsonNode node, String field) {
    return GuestJson.optionalBytes32(node, WHAT, field);
  }
}

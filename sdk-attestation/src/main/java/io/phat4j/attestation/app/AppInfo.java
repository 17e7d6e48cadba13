package io.phat4j.attestation.app;

import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An app's identity as dstack computes it for its KMS and auth contracts (dstack's
 * {@code AppInfo}, the fields of its {@code boot_info}).
 *
 * <ul>
 *   <li>{@code app_id}, {@code compose_hash}, {@code instance_id}, {@code key_provider_info}:
 *       payloads of the boot-phase runtime events of those names (empty if absent);
 *   <li>{@code device_id}: SHA-256 of the PPID in the quote's PCK certificate;
 *   <li>{@code mr_system}: SHA-256 of MRTD ‖ RTMR0 ‖ RTMR1 ‖ RTMR2 ‖ SHA-256(key_provider_info)
 *       (32 zero bytes instead when key_provider_info is empty);
 *   <li>{@code mr_aggregated}: SHA-256 of MRTD ‖ RTMR0–2 ‖ RTMR3 replayed from all runtime
 *       events, followed by MRCONFIGID ‖ MROWNER ‖ MROWNERCONFIG when any of them is non-zero;
 *   <li>{@code os_image_hash}: from the VM configuration (empty without one);
 *   <li>{@code init_script_hashes}: payloads of the boot-phase {@code init-script-hash} events.
 * </ul>
 *
 * <p>Immutable and thread-safe; byte arrays are copied in and out.
 */
public final class AppInfo {
  private final byte[] appId;
  private final byte[] composeHash;
  private final byte[] instanceId;
  private final byte[] deviceId;
  private final Bytes32 mrSystem;
  private final Bytes32 mrAggregated;
  private final byte[] osImageHash;
  private final byte[] keyProviderInfo;
  private final List<String> initScriptHashes;

  /**
   * Creates the identity from its fields.
   *
   * @param appId the app-id event payload
   * @param composeHash the compose-hash event payload
   * @param instanceId the instance-id event payload
   * @param deviceId SHA-256 of the PPID
   * @param mrSystem the system measurement
   * @param mrAggregated the aggregated measurement
   * @param osImageHash the OS image hash
   * @param keyProviderInfo the key-provider event payload
   * @param initScriptHashes the init-script-hash payloads as lowercase hex
   */
  public AppInfo(
      byte[] appId,
      byte[] composeHash,
      byte[] instanceId,
      byte[] deviceId,
      Bytes32 mrSystem,
      Bytes32 mrAggregated,
      byte[] osImageHash,
      byte[] keyProviderInfo,
      List<String> initScriptHashes) {
    this.appId = appId.clone();
    this.composeHash = composeHash.clone();
    this.instanceId = instanceId.clone();
    this.deviceId = deviceId.clone();
    this.mrSystem = Objects.requireNonNull(mrSystem, "mrSystem");
    this.mrAggregated = Objects.requireNonNull(mrAggregated, "mrAggregated");
    this.osImageHash = osImageHash.clone();
    this.keyProviderInfo = keyProviderInfo.clone();
    this.initScriptHashes = List.copyOf(initScriptHashes);
  }

  /**
   * Returns the app id when the event holds exactly 20 bytes.
   *
   * @return the typed id, or null
   */
  public @Nullable AppId appId() {
    return appId.length == AppId.LENGTH ? AppId.of(appId) : null;
  }

  /**
   * Returns the compose hash when the event holds exactly 32 bytes.
   *
   * @return the typed hash, or null
   */
  public @Nullable Bytes32 composeHash() {
    return composeHash.length == Bytes32.LENGTH ? Bytes32.of(composeHash) : null;
  }

  /**
   * Returns the device id when it is 32 bytes.
   *
   * @return the typed id, or null
   */
  public @Nullable Bytes32 deviceId() {
    return deviceId.length == Bytes32.LENGTH ? Bytes32.of(deviceId) : null;
  }

  /**
   * Returns the OS image hash when it is 32 bytes.
   *
   * @return the typed hash, or null
   */
  public @Nullable Bytes32 osImageHash() {
    return osImageHash.length == Bytes32.LENGTH ? Bytes32.of(osImageHash) : null;
  }

  /**
   * Returns the instance id bytes (20, or empty when the app disabled instance ids).
   *
   * @return a copy
   */
  public byte[] instanceId() {
    return instanceId.clone();
  }

  /**
   * Returns mr_system.
   *
   * @return the measurement
   */
  public Bytes32 mrSystem() {
    return mrSystem;
  }

  /**
   * Returns mr_aggregated.
   *
   * @return the measurement
   */
  public Bytes32 mrAggregated() {
    return mrAggregated;
  }

  /**
   * Returns the key-provider event payload (JSON text bytes).
   *
   * @return a copy, possibly empty
   */
  public byte[] keyProviderInfo() {
    return keyProviderInfo.clone();
  }

  /**
   * Returns the init script hashes.
   *
   * @return lowercase hex, in execution order
   */
  public List<String> initScriptHashes() {
    return initScriptHashes;
  }

  /**
   * Returns app_id as lowercase hex.
   *
   * @return the hex, possibly empty
   */
  public String appIdHex() {
    return Hex.encode(appId);
  }

  /**
   * Returns compose_hash as lowercase hex.
   *
   * @return the hex, possibly empty
   */
  public String composeHashHex() {
    return Hex.encode(composeHash);
  }

  /**
   * Returns instance_id as lowercase hex.
   *
   * @return the hex, possibly empty
   */
  public String instanceIdHex() {
    return Hex.encode(instanceId);
  }

  /**
   * Returns device_id as lowercase hex.
   *
   * @return the hex
   */
  public String deviceIdHex() {
    return Hex.encode(deviceId);
  }

  /**
   * Returns os_image_hash as lowercase hex.
   *
   * @return the hex, possibly empty
   */
  public String osImageHashHex() {
    return Hex.encode(osImageHash);
  }

  /**
   * Returns key_provider_info as lowercase hex.
   *
   * @return the hex, possibly empty
   */
  public String keyProviderInfoHex() {
    return Hex.encode(keyProviderInfo);
  }

  @Override
  public String toString() {
    return "AppInfo[appId=" + appIdHex() + ", composeHash=" + composeHashHex() + ", mrAggregated=" + mrAggregated + "]";
  }
}

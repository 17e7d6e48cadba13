package io.phat4j.contracts.kms;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.Bytes32;
import java.util.List;
import java.util.Objects;

/**
 * What a CVM presents when it asks the KMS for keys; the input of {@code isAppAllowed} and {@code
 * isKmsAllowed} (the ABI tuple {@code AppBootInfo}).
 *
 * @param appId the app id (the address of its DstackApp contract)
 * @param composeHash the compose hash of the app's configuration
 * @param instanceId the CVM instance id
 * @param deviceId the id of the machine it runs on
 * @param mrAggregated the aggregated measurement
 * @param mrSystem the measurement of the system (OS) part
 * @param osImageHash the hash of the OS image
 * @param tcbStatus the TCB status of the quote, e.g. {@code UpToDate}
 * @param advisoryIds the Intel advisory ids that apply
 */
public record AppBootInfo(
    EvmAddress appId,
    Bytes32 composeHash,
    EvmAddress instanceId,
    Bytes32 deviceId,
    Bytes32 mrAggregated,
    Bytes32 mrSystem,
    Bytes32 osImageHash,
    String tcbStatus,
    List<String> advisoryIds) {
  /** The TCB status a fully patched platform has. */
  public static final String UP_TO_DATE = "UpToDate";

  /**
   * Checks and copies the fields.
   *
   * @param appId the app id
   * @param composeHash the compose hash
   * @param instanceId the instance id
   * @param deviceId the device id
   * @param mrAggregated the aggregated measurement
   * @param mrSystem the system measurement
   * @param osImageHash the OS image hash
   * @param tcbStatus the TCB status
   * @param advisoryIds the advisory ids
   */
  public AppBootInfo {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(composeHash, "composeHash");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(mrAggregated, "mrAggregated");
    Objects.requireNonNull(mrSystem, "mrSystem");
    Objects.requireNonNull(osImageHash, "osImageHash");
    Objects.requireNonNull(tcbStatus, "tcbStatus");
    advisoryIds = List.copyOf(advisoryIds);
  }
}

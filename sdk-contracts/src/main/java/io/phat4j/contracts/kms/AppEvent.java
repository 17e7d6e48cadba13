package io.phat4j.contracts.kms;

import io.phat4j.contracts.chain.LogPosition;
import io.phat4j.core.Bytes32;

/** An event of a DstackApp contract, as {@link DstackApp#events} reads it. */
public sealed interface AppEvent
    permits AppEvent.ComposeHashChanged,
        AppEvent.DeviceChanged,
        AppEvent.AllowAnyDeviceSet,
        AppEvent.RequireTcbUpToDateSet,
        AppEvent.UpgradesDisabled,
        OwnershipTransferred,
        Upgraded {
  /**
   * Returns where the event was emitted.
   *
   * @return its block, transaction and log index
   */
  LogPosition position();

  /**
   * {@code ComposeHashAdded(bytes32)} or {@code ComposeHashRemoved(bytes32)}.
   *
   * @param position where it was emitted
   * @param composeHash the compose hash
   * @param added {@code true} for added, {@code false} for removed
   */
  record ComposeHashChanged(LogPosition position, Bytes32 composeHash, boolean added) implements AppEvent {}

  /**
   * {@code DeviceAdded(bytes32)} or {@code DeviceRemoved(bytes32)}.
   *
   * @param position where it was emitted
   * @param deviceId the device id
   * @param added {@code true} for added, {@code false} for removed
   */
  record DeviceChanged(LogPosition position, Bytes32 deviceId, boolean added) implements AppEvent {}

  /**
   * {@code AllowAnyDeviceSet(bool)}.
   *
   * @param position where it was emitted
   * @param allowAny the new value
   */
  record AllowAnyDeviceSet(LogPosition position, boolean allowAny) implements AppEvent {}

  /**
   * {@code RequireTcbUpToDateSet(bool)} (newer DstackApp versions).
   *
   * @param position where it was emitted
   * @param required the new value
   */
  record RequireTcbUpToDateSet(LogPosition position, boolean required) implements AppEvent {}

  /**
   * {@code UpgradesDisabled()}: the app contract can no longer be upgraded.
   *
   * @param position where it was emitted
   */
  record UpgradesDisabled(LogPosition position) implements AppEvent {}
}

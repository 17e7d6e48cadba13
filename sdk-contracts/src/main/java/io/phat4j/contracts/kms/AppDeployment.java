package io.phat4j.contracts.kms;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.Bytes32;
import java.util.Objects;

/**
 * The settings of a new app contract deployed by {@code DstackKms.deployAndRegisterApp}.
 *
 * <p>Like Phala's cloud SDK, a specific device id means only that device is allowed ({@code
 * allowAnyDevice} must then be false), and a zero compose hash or device id adds nothing.
 *
 * @param owner the app contract's owner (who may change its policy)
 * @param disableUpgrades whether the app contract can never be upgraded
 * @param requireTcbUpToDate whether CVMs must have an up-to-date TCB; {@code true} needs a KMS
 *     contract with the 6-argument factory
 * @param allowAnyDevice whether any device may run the app
 * @param initialDeviceId a device to allow, or zero
 * @param initialComposeHash a compose hash to allow, or zero
 */
public record AppDeployment(
    EvmAddress owner,
    boolean disableUpgrades,
    boolean requireTcbUpToDate,
    boolean allowAnyDevice,
    Bytes32 initialDeviceId,
    Bytes32 initialComposeHash) {
  private static final Bytes32 ZERO = Bytes32.of(new byte[32]);

  /**
   * Checks the fields.
   *
   * @param owner the owner
   * @param disableUpgrades whether upgrades are disabled
   * @param requireTcbUpToDate whether an up-to-date TCB is required
   * @param allowAnyDevice whether any device is allowed
   * @param initialDeviceId a device id or zero
   * @param initialComposeHash a compose hash or zero
   */
  public AppDeployment {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(initialDeviceId, "initialDeviceId");
    Objects.requireNonNull(initialComposeHash, "initialComposeHash");
    if (owner.isZero()) {
      throw new IllegalArgumentException("owner must not be the zero address");
    }
    if (allowAnyDevice && !initialDeviceId.equals(ZERO)) {
      throw new IllegalArgumentException("a specific initial device id needs allowAnyDevice = false");
    }
  }

  /**
   * An upgradeable app that allows one compose hash on any device.
   *
   * @param owner the owner
   * @param composeHash the compose hash to allow
   * @return the settings
   */
  public static AppDeployment anyDevice(EvmAddress owner, Bytes32 composeHash) {
    return new AppDeployment(owner, false, false, true, ZERO, composeHash);
  }
}

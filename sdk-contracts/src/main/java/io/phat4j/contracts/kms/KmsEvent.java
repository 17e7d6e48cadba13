package io.phat4j.contracts.kms;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.LogPosition;
import io.phat4j.core.Bytes32;

/** An event of a DstackKms contract, as {@link DstackKms#events} reads it. */
public sealed interface KmsEvent
    permits KmsEvent.AppRegistered,
        KmsEvent.AppDeployedViaFactory,
        KmsEvent.KmsInfoSet,
        KmsEvent.AllowlistChanged,
        KmsEvent.GatewayAppIdSet,
        KmsEvent.AppImplementationSet,
        OwnershipTransferred,
        Upgraded {
  /**
   * Returns where the event was emitted.
   *
   * @return its block, transaction and log index
   */
  LogPosition position();

  /** The KMS allowlists that have add/remove events. */
  enum Allowlist {
    /** {@code allowedOsImages}: OS images any CVM may run. */
    OS_IMAGE,
    /** {@code kmsAllowedAggregatedMrs}: measurements a KMS instance may have. */
    KMS_AGGREGATED_MR,
    /** {@code kmsAllowedDeviceIds}: machines a KMS instance may run on. */
    KMS_DEVICE
  }

  /**
   * {@code AppRegistered(address appId)}.
   *
   * @param position where it was emitted
   * @param appId the registered app
   */
  record AppRegistered(LogPosition position, EvmAddress appId) implements KmsEvent {}

  /**
   * {@code AppDeployedViaFactory(address indexed appId, address indexed deployer)}.
   *
   * @param position where it was emitted
   * @param appId the new app
   * @param deployer who deployed it
   */
  record AppDeployedViaFactory(LogPosition position, EvmAddress appId, EvmAddress deployer) implements KmsEvent {}

  /**
   * {@code KmsInfoSet(bytes k256Pubkey)}.
   *
   * @param position where it was emitted
   * @param k256PubkeyHex the new root key, {@code 0x}-hex
   */
  record KmsInfoSet(LogPosition position, String k256PubkeyHex) implements KmsEvent {}

  /**
   * One of {@code OsImageHashAdded/Removed}, {@code KmsAggregatedMrAdded/Removed}, {@code
   * KmsDeviceAdded/Removed}.
   *
   * @param position where it was emitted
   * @param allowlist which list changed
   * @param value the hash or id
   * @param added {@code true} for added, {@code false} for removed
   */
  record AllowlistChanged(LogPosition position, Allowlist allowlist, Bytes32 value, boolean added) implements KmsEvent {}

  /**
   * {@code GatewayAppIdSet(string gatewayAppId)}.
   *
   * @param position where it was emitted
   * @param gatewayAppId the new gateway app id
   */
  record GatewayAppIdSet(LogPosition position, String gatewayAppId) implements KmsEvent {}

  /**
   * {@code AppImplementationSet(address implementation)}: the code new apps are deployed with.
   *
   * @param position where it was emitted
   * @param implementation the DstackApp implementation
   */
  record AppImplementationSet(LogPosition position, EvmAddress implementation) implements KmsEvent {}
}

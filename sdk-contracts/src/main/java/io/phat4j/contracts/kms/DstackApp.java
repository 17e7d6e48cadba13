package io.phat4j.contracts.kms;

import io.phat4j.contracts.chain.BlockRange;
import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.ContractRevertedException;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.NoContractException;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.contracts.kms.internal.Calls;
import io.phat4j.contracts.kms.internal.DstackAbi;
import io.phat4j.contracts.kms.internal.DstackEvents;
import io.phat4j.core.Bytes32;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.web3j.abi.datatypes.Event;
import org.web3j.tx.TransactionManager;

/**
 * Typed access to one app's {@code DstackApp} contract: the policy that decides which CVMs get
 * the app's keys. Its address is the app id.
 *
 * <p>Reads default to the latest block; each has an overload taking a {@link BlockRef} so that
 * several reads can see the same state. Writes need the contract owner's {@link
 * TransactionManager}; a non-owner write fails with a {@link ContractRevertedException} whose
 * {@linkplain ContractRevertedException#error() error} is {@code OwnableUnauthorizedAccount}, before
 * anything is sent.
 *
 * <p>Immutable and thread-safe; it holds no resources of its own (close the {@link ChainClient}).
 * The ABI is described by hand over web3j's encoder (see {@code docs/chain.md} for why) and
 * checked against the published dstack ABI by the tests.
 */
public final class DstackApp {
  private final ChainClient chain;
  private final EvmAddress address;

  private DstackApp(ChainClient chain, EvmAddress address) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.address = Objects.requireNonNull(address, "address");
  }

  /**
   * Accesses the app contract at {@code appId}.
   *
   * @param chain the connection
   * @param appId the app id (contract address)
   * @return the accessor; no call is made yet
   */
  public static DstackApp at(ChainClient chain, EvmAddress appId) {
    return new DstackApp(chain, appId);
  }

  /**
   * Returns the contract address, which is the app id.
   *
   * @return the address
   */
  public EvmAddress address() {
    return address;
  }

  /**
   * Tells whether a compose hash is allowed ({@code allowedComposeHashes}).
   *
   * @param composeHash the compose hash
   * @return whether it is allowed
   * @throws NoContractException when there is no contract at the address
   */
  public boolean isComposeHashAllowed(Bytes32 composeHash) {
    return isComposeHashAllowed(composeHash, BlockRef.latest());
  }

  /**
   * Tells whether a compose hash is allowed at a block.
   *
   * @param composeHash the compose hash
   * @param at the block
   * @return whether it is allowed
   */
  public boolean isComposeHashAllowed(Bytes32 composeHash, BlockRef at) {
    return Calls.bool(chain, address, DstackAbi.allowedComposeHashes(composeHash), at);
  }

  /**
   * Tells whether a device is on the allowlist ({@code allowedDeviceIds}); see also {@link
   * #allowAnyDevice()}.
   *
   * @param deviceId the device id
   * @return whether it is listed
   */
  public boolean isDeviceAllowed(Bytes32 deviceId) {
    return isDeviceAllowed(deviceId, BlockRef.latest());
  }

  /**
   * Tells whether a device is on the allowlist at a block.
   *
   * @param deviceId the device id
   * @param at the block
   * @return whether it is listed
   */
  public boolean isDeviceAllowed(Bytes32 deviceId, BlockRef at) {
    return Calls.bool(chain, address, DstackAbi.allowedDeviceIds(deviceId), at);
  }

  /**
   * Tells whether any device may run the app.
   *
   * @return the flag
   */
  public boolean allowAnyDevice() {
    return allowAnyDevice(BlockRef.latest());
  }

  /**
   * Tells whether any device may run the app, at a block.
   *
   * @param at the block
   * @return the flag
   */
  public boolean allowAnyDevice(BlockRef at) {
    return Calls.bool(chain, address, DstackAbi.allowAnyDevice(), at);
  }

  /**
   * Tells whether CVMs must have an up-to-date TCB.
   *
   * @return the flag, or empty for an older DstackApp version without it (which never requires it)
   */
  public Optional<Boolean> requireTcbUpToDate() {
    return requireTcbUpToDate(BlockRef.latest());
  }

  /**
   * Tells whether CVMs must have an up-to-date TCB, at a block.
   *
   * @param at the block
   * @return the flag, or empty for an older DstackApp version without it
   */
  public Optional<Boolean> requireTcbUpToDate(BlockRef at) {
    try {
      return Optional.of(Calls.bool(chain, address, DstackAbi.requireTcbUpToDate(), at));
    } catch (ContractRevertedException e) {
      // Older versions have no such function: the proxy's delegate reverts without data.
      if (e.revertData().length == 0) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Returns the owner, who may change the policy.
   *
   * @return the owner
   */
  public EvmAddress owner() {
    return owner(BlockRef.latest());
  }

  /**
   * Returns the owner at a block.
   *
   * @param at the block
   * @return the owner
   */
  public EvmAddress owner(BlockRef at) {
    return Calls.address(chain, address, DstackAbi.owner(), at);
  }

  /**
   * Asks the contract whether a CVM may boot. It checks, in order: TCB status (when required),
   * compose hash, device.
   *
   * @param bootInfo what the CVM presents
   * @return the decision with the contract's reason
   */
  public AuthDecision isAppAllowed(AppBootInfo bootInfo) {
    return isAppAllowed(bootInfo, BlockRef.latest());
  }

  /**
   * Asks the contract whether a CVM may boot, at a block.
   *
   * @param bootInfo what the CVM presents
   * @param at the block
   * @return the decision with the contract's reason
   */
  public AuthDecision isAppAllowed(AppBootInfo bootInfo, BlockRef at) {
    return Calls.decision(chain, address, DstackAbi.isAppAllowed(bootInfo), at);
  }

  /**
   * Reads the contract's policy events in chain order, fetched lazily in bounded chunks.
   *
   * @param range the blocks to read
   * @return the events
   */
  public Stream<AppEvent> events(BlockRange range) {
    return chain
        .scanLogs(range.query(address).events(DstackAbi.APP_EVENTS.toArray(Event[]::new)).build())
        .stream()
        .flatMap(log -> DstackEvents.app(log).stream());
  }

  /**
   * Allows a compose hash (owner only).
   *
   * @param owner the owner's transaction manager
   * @param composeHash the compose hash
   * @return the receipt
   */
  public TxReceipt addComposeHash(TransactionManager owner, Bytes32 composeHash) {
    return Calls.send(chain, owner, address, DstackAbi.addComposeHash(composeHash));
  }

  /**
   * Disallows a compose hash (owner only).
   *
   * @param owner the owner's transaction manager
   * @param composeHash the compose hash
   * @return the receipt
   */
  public TxReceipt removeComposeHash(TransactionManager owner, Bytes32 composeHash) {
    return Calls.send(chain, owner, address, DstackAbi.removeComposeHash(composeHash));
  }

  /**
   * Allows a device (owner only).
   *
   * @param owner the owner's transaction manager
   * @param deviceId the device id
   * @return the receipt
   */
  public TxReceipt addDevice(TransactionManager owner, Bytes32 deviceId) {
    return Calls.send(chain, owner, address, DstackAbi.addDevice(deviceId));
  }

  /**
   * Disallows a device (owner only).
   *
   * @param owner the owner's transaction manager
   * @param deviceId the device id
   * @return the receipt
   */
  public TxReceipt removeDevice(TransactionManager owner, Bytes32 deviceId) {
    return Calls.send(chain, owner, address, DstackAbi.removeDevice(deviceId));
  }

  /**
   * Sets whether any device may run the app (owner only).
   *
   * @param owner the owner's transaction manager
   * @param allowAny the new value
   * @return the receipt
   */
  public TxReceipt setAllowAnyDevice(TransactionManager owner, boolean allowAny) {
    return Calls.send(chain, owner, address, DstackAbi.setAllowAnyDevice(allowAny));
  }

  /**
   * Sets whether CVMs must have an up-to-date TCB (owner only; newer DstackApp versions).
   *
   * @param owner the owner's transaction manager
   * @param required the new value
   * @return the receipt
   */
  public TxReceipt setRequireTcbUpToDate(TransactionManager owner, boolean required) {
    return Calls.send(chain, owner, address, DstackAbi.setRequireTcbUpToDate(required));
  }

  /**
   * Disables upgrades of the contract for good (owner only).
   *
   * @param owner the owner's transaction manager
   * @return the receipt
   */
  public TxReceipt disableUpgrades(TransactionManager owner) {
    return Calls.send(chain, owner, address, DstackAbi.disableUpgrades());
  }

  /**
   * Hands the contract to a new owner (owner only).
   *
   * @param owner the current owner's transaction manager
   * @param newOwner the new owner
   * @return the receipt
   */
  public TxReceipt transferOwnership(TransactionManager owner, EvmAddress newOwner) {
    return Calls.send(chain, owner, address, DstackAbi.transferOwnership(newOwner));
  }

  @Override
  public String toString() {
    return "DstackApp[" + address + "]";
  }
}

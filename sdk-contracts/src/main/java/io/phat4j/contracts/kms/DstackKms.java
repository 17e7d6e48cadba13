package io.phat4j.contracts.kms;

import io.phat4j.contracts.chain.BlockRange;
import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.ChainLog;
import io.phat4j.contracts.chain.ContractRevertedException;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.NoContractException;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.contracts.kms.internal.Calls;
import io.phat4j.contracts.kms.internal.DstackAbi;
import io.phat4j.contracts.kms.internal.DstackEvents;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.tx.TransactionManager;

/**
 * Typed access to a dstack {@code DstackKms} contract: the KMS's public identity (its k256 root
 * key), which apps are registered, the OS image and KMS allowlists, and the factory that deploys and
 * registers a new app's {@link DstackApp} contract.
 *
 * <p>Reads default to the latest block; each has an overload taking a {@link BlockRef}. Writes take
 * a caller-supplied web3j {@link TransactionManager} (which signs); owner-only writes from another
 * account fail with a {@link ContractRevertedException} ({@code OwnableUnauthorizedAccount}) before
 * anything is sent.
 *
 * <p>Immutable and thread-safe; it holds no resources of its own (close the {@link ChainClient}).
 */
public final class DstackKms {
  private final ChainClient chain;
  private final EvmAddress address;

  private DstackKms(ChainClient chain, EvmAddress address) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.address = Objects.requireNonNull(address, "address");
  }

  /**
   * Accesses the KMS contract at {@code address}.
   *
   * @param chain the connection
   * @param address the contract (proxy) address
   * @return the accessor; no call is made yet
   */
  public static DstackKms at(ChainClient chain, EvmAddress address) {
    return new DstackKms(chain, address);
  }

  /**
   * Returns the contract address.
   *
   * @return the address
   */
  public EvmAddress address() {
    return address;
  }

  /**
   * Returns an accessor for one app's contract on the same chain.
   *
   * @param appId the app id
   * @return the app accessor
   */
  public DstackApp app(EvmAddress appId) {
    return DstackApp.at(chain, appId);
  }

  /**
   * Reads the KMS's public identity.
   *
   * @return the k256 root key, CA key, quote and event log
   * @throws NoContractException when there is no contract at the address
   */
  public KmsInfo kmsInfo() {
    return kmsInfo(BlockRef.latest());
  }

  /**
   * Reads the KMS's public identity at a block.
   *
   * @param at the block
   * @return the k256 root key, CA key, quote and event log
   */
  public KmsInfo kmsInfo(BlockRef at) {
    List<Type<?>> v = Calls.all(chain, address, DstackAbi.kmsInfo(), at);
    return new KmsInfo(bytes(v.get(0)), bytes(v.get(1)), bytes(v.get(2)), bytes(v.get(3)));
  }

  private static byte[] bytes(Type<?> t) {
    if (!(t instanceof DynamicBytes b)) {
      throw new DecodeException("kmsInfo() reply", "expected bytes, got " + t.getTypeAsString());
    }
    return b.getValue();
  }

  /**
   * Tells whether an app id is registered.
   *
   * @param appId the app id
   * @return whether it is registered
   */
  public boolean isRegistered(EvmAddress appId) {
    return isRegistered(appId, BlockRef.latest());
  }

  /**
   * Tells whether an app id is registered, at a block.
   *
   * @param appId the app id
   * @param at the block
   * @return whether it is registered
   */
  public boolean isRegistered(EvmAddress appId, BlockRef at) {
    return Calls.bool(chain, address, DstackAbi.registeredApps(appId), at);
  }

  /**
   * Tells whether an OS image may run ({@code allowedOsImages}).
   *
   * @param osImageHash the OS image hash
   * @return whether it is allowed
   */
  public boolean isOsImageAllowed(Bytes32 osImageHash) {
    return isOsImageAllowed(osImageHash, BlockRef.latest());
  }

  /**
   * Tells whether an OS image may run, at a block.
   *
   * @param osImageHash the OS image hash
   * @param at the block
   * @return whether it is allowed
   */
  public boolean isOsImageAllowed(Bytes32 osImageHash, BlockRef at) {
    return Calls.bool(chain, address, DstackAbi.allowedOsImages(osImageHash), at);
  }

  /**
   * Tells whether a KMS instance with this aggregated measurement may run.
   *
   * @param mrAggregated the measurement
   * @return whether it is allowed
   */
  public boolean isKmsAggregatedMrAllowed(Bytes32 mrAggregated) {
    return Calls.bool(chain, address, DstackAbi.kmsAllowedAggregatedMrs(mrAggregated), BlockRef.latest());
  }

  /**
   * Tells whether a KMS instance may run on this device.
   *
   * @param deviceId the device id
   * @return whether it is allowed
   */
  public boolean isKmsDeviceAllowed(Bytes32 deviceId) {
    return Calls.bool(chain, address, DstackAbi.kmsAllowedDeviceIds(deviceId), BlockRef.latest());
  }

  /**
   * Returns the DstackApp implementation new apps are deployed with.
   *
   * @return the implementation address (zero when unset)
   */
  public EvmAddress appImplementation() {
    return Calls.address(chain, address, DstackAbi.appImplementation(), BlockRef.latest());
  }

  /**
   * Returns the app id of the dstack gateway.
   *
   * @return the gateway app id as stored (may be empty)
   */
  public String gatewayAppId() {
    return Calls.string(chain, address, DstackAbi.gatewayAppId(), BlockRef.latest());
  }

  /**
   * Returns the contract owner.
   *
   * @return the owner
   */
  public EvmAddress owner() {
    return Calls.address(chain, address, DstackAbi.owner(), BlockRef.latest());
  }

  /**
   * Asks whether an app's CVM may get its keys. Checks, in order: the app is registered, the OS
   * image is allowed, the app id holds a contract; then the app's own {@code isAppAllowed}.
   *
   * @param bootInfo what the CVM presents
   * @return the decision with the contract's reason
   */
  public AuthDecision isAppAllowed(AppBootInfo bootInfo) {
    return isAppAllowed(bootInfo, BlockRef.latest());
  }

  /**
   * As {@link #isAppAllowed(AppBootInfo)}, at a block.
   *
   * @param bootInfo what the CVM presents
   * @param at the block
   * @return the decision with the contract's reason
   */
  public AuthDecision isAppAllowed(AppBootInfo bootInfo, BlockRef at) {
    return Calls.decision(chain, address, DstackAbi.isAppAllowed(bootInfo), at);
  }

  /**
   * Asks whether a KMS instance may boot (TCB up to date, OS image, aggregated measurement,
   * device).
   *
   * @param bootInfo what the KMS CVM presents
   * @return the decision with the contract's reason
   */
  public AuthDecision isKmsAllowed(AppBootInfo bootInfo) {
    return Calls.decision(chain, address, DstackAbi.isKmsAllowed(bootInfo), BlockRef.latest());
  }

  /**
   * Reads the contract's events in chain order, fetched lazily in bounded chunks.
   *
   * @param range the blocks to read
   * @return the events
   */
  public Stream<KmsEvent> events(BlockRange range) {
    return chain
        .scanLogs(range.query(address).events(DstackAbi.KMS_EVENTS.toArray(Event[]::new)).build())
        .stream()
        .flatMap(log -> DstackEvents.kms(log).stream());
  }

  /**
   * Deploys a new app contract through the KMS factory and registers it, in one transaction. Uses
   * the 5-argument {@code deployAndRegisterApp} that every DstackKms version has, or the
   * 6-argument one when {@code requireTcbUpToDate} is set.
   *
   * @param sender who deploys (anyone may)
   * @param app the new app's settings
   * @return the app id and deployer, read from the {@code AppDeployedViaFactory} event
   * @throws DecodeException when the receipt lacks that event (not a DstackKms)
   */
  public DeployedApp deployAndRegisterApp(TransactionManager sender, AppDeployment app) {
    Function fn =
        app.requireTcbUpToDate()
            ? DstackAbi.deployAndRegisterApp(
                app.owner(), app.disableUpgrades(), true, app.allowAnyDevice(), app.initialDeviceId(), app.initialComposeHash())
            : DstackAbi.deployAndRegisterApp(
                app.owner(), app.disableUpgrades(), app.allowAnyDevice(), app.initialDeviceId(), app.initialComposeHash());
    TxReceipt receipt = Calls.send(chain, sender, address, fn);
    for (ChainLog log : receipt.logs()) {
      if (log.address().equals(address) && log.is(DstackAbi.APP_DEPLOYED_VIA_FACTORY)
          && DstackEvents.kms(log).orElse(null) instanceof KmsEvent.AppDeployedViaFactory e) {
        return new DeployedApp(e.appId(), e.deployer(), receipt);
      }
    }
    throw new DecodeException("receipt", "transaction 0x" + receipt.transactionHash().hex() + " emitted no AppDeployedViaFactory from " + address);
  }

  /**
   * Registers an existing app contract (anyone may).
   *
   * @param sender who sends
   * @param appId the app id
   * @return the receipt
   */
  public TxReceipt registerApp(TransactionManager sender, EvmAddress appId) {
    return Calls.send(chain, sender, address, DstackAbi.registerApp(appId));
  }

  /**
   * Sets the KMS's public identity (owner only).
   *
   * @param owner the owner's transaction manager
   * @param info the new identity
   * @return the receipt
   */
  public TxReceipt setKmsInfo(TransactionManager owner, KmsInfo info) {
    return Calls.send(chain, owner, address, DstackAbi.setKmsInfo(info.k256Pubkey(), info.caPubkey(), info.quote(), info.eventlog()));
  }

  /**
   * Allows an OS image (owner only).
   *
   * @param owner the owner's transaction manager
   * @param osImageHash the image hash
   * @return the receipt
   */
  public TxReceipt addOsImageHash(TransactionManager owner, Bytes32 osImageHash) {
    return Calls.send(chain, owner, address, DstackAbi.addOsImageHash(osImageHash));
  }

  /**
   * Disallows an OS image (owner only).
   *
   * @param owner the owner's transaction manager
   * @param osImageHash the image hash
   * @return the receipt
   */
  public TxReceipt removeOsImageHash(TransactionManager owner, Bytes32 osImageHash) {
    return Calls.send(chain, owner, address, DstackAbi.removeOsImageHash(osImageHash));
  }

  /**
   * Allows a KMS aggregated measurement (owner only).
   *
   * @param owner the owner's transaction manager
   * @param mrAggregated the measurement
   * @return the receipt
   */
  public TxReceipt addKmsAggregatedMr(TransactionManager owner, Bytes32 mrAggregated) {
    return Calls.send(chain, owner, address, DstackAbi.addKmsAggregatedMr(mrAggregated));
  }

  /**
   * Allows a KMS device (owner only).
   *
   * @param owner the owner's transaction manager
   * @param deviceId the device id
   * @return the receipt
   */
  public TxReceipt addKmsDevice(TransactionManager owner, Bytes32 deviceId) {
    return Calls.send(chain, owner, address, DstackAbi.addKmsDevice(deviceId));
  }

  /**
   * Sets the gateway's app id (owner only).
   *
   * @param owner the owner's transaction manager
   * @param gatewayAppId the gateway app id
   * @return the receipt
   */
  public TxReceipt setGatewayAppId(TransactionManager owner, String gatewayAppId) {
    return Calls.send(chain, owner, address, DstackAbi.setGatewayAppId(gatewayAppId));
  }

  /**
   * Sets the DstackApp implementation the factory deploys (owner only).
   *
   * @param owner the owner's transaction manager
   * @param implementation the implementation contract
   * @return the receipt
   */
  public TxReceipt setAppImplementation(TransactionManager owner, EvmAddress implementation) {
    return Calls.send(chain, owner, address, DstackAbi.setAppImplementation(implementation));
  }

  @Override
  public String toString() {
    return "DstackKms[" + address + "]";
  }
}

package io.phat4j.contracts.kms.internal;

import io.phat4j.contracts.chain.CustomError;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.kms.AppBootInfo;
import io.phat4j.core.Bytes32;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * The functions, events and errors of DstackKms and DstackApp that phat4j uses, as web3j ABI
 * descriptions. Written by hand from the published ABIs; {@code AbiCompatibilityTest} checks every
 * selector here against them.
 */
public final class DstackAbi {
  private DstackAbi() {}

  private static final TypeReference<Bool> BOOL = new TypeReference<Bool>() {};
  private static final TypeReference<Address> ADDRESS = new TypeReference<Address>() {};
  private static final TypeReference<Utf8String> STRING = new TypeReference<Utf8String>() {};
  private static final TypeReference<DynamicBytes> BYTES = new TypeReference<DynamicBytes>() {};
  private static final TypeReference<org.web3j.abi.datatypes.generated.Bytes32> BYTES32 =
      new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {};

  // Errors both contracts inherit from OpenZeppelin's Ownable and UUPS/ERC1967 code.
  public static final List<CustomError> ERRORS =
      List.of(
          new CustomError("OwnableUnauthorizedAccount", List.of(ADDRESS)),
          new CustomError("OwnableInvalidOwner", List.of(ADDRESS)),
          new CustomError("InvalidInitialization", List.of()),
          new CustomError("NotInitializing", List.of()),
          new CustomError("UUPSUnauthorizedCallContext", List.of()),
          new CustomError("UUPSUnsupportedProxiableUUID", List.of(BYTES32)),
          new CustomError("ERC1967InvalidImplementation", List.of(ADDRESS)),
          new CustomError("ERC1967NonPayable", List.of()),
          new CustomError("AddressEmptyCode", List.of(ADDRESS)),
          new CustomError("FailedCall", List.of()));

  // ---- values ----

  public static Address address(EvmAddress a) {
    return a.toAbi();
  }

  public static org.web3j.abi.datatypes.generated.Bytes32 bytes32(Bytes32 b) {
    return new org.web3j.abi.datatypes.generated.Bytes32(b.toByteArray());
  }

  /** {@code AppBootInfo} as the ABI tuple {@code (address,bytes32,address,bytes32,bytes32,bytes32,bytes32,string,string[])}. */
  public static DynamicStruct bootInfo(AppBootInfo b) {
    List<Utf8String> advisories = b.advisoryIds().stream().map(Utf8String::new).toList();
    return new DynamicStruct(
        address(b.appId()),
        bytes32(b.composeHash()),
        address(b.instanceId()),
        bytes32(b.deviceId()),
        bytes32(b.mrAggregated()),
        bytes32(b.mrSystem()),
        bytes32(b.osImageHash()),
        new Utf8String(b.tcbStatus()),
        new DynamicArray<>(Utf8String.class, advisories));
  }

  // ---- functions shared by both contracts ----

  public static Function owner() {
    return view("owner", List.of(), ADDRESS);
  }

  public static Function isAppAllowed(AppBootInfo b) {
    return new Function("isAppAllowed", List.of(bootInfo(b)), List.of(BOOL, STRING));
  }

  public static Function transferOwnership(EvmAddress newOwner) {
    return write("transferOwnership", address(newOwner));
  }

  // ---- DstackKms ----

  public static Function kmsInfo() {
    return new Function("kmsInfo", List.of(), List.of(BYTES, BYTES, BYTES, BYTES));
  }

  public static Function gatewayAppId() {
    return view("gatewayAppId", List.of(), STRING);
  }

  public static Function appImplementation() {
    return view("appImplementation", List.of(), ADDRESS);
  }

  public static Function registeredApps(EvmAddress app) {
    return view("registeredApps", List.of(address(app)), BOOL);
  }

  public static Function allowedOsImages(Bytes32 h) {
    return view("allowedOsImages", List.of(bytes32(h)), BOOL);
  }

  public static Function kmsAllowedAggregatedMrs(Bytes32 h) {
    return view("kmsAllowedAggregatedMrs", List.of(bytes32(h)), BOOL);
  }

  public static Function kmsAllowedDeviceIds(Bytes32 h) {
    return view("kmsAllowedDeviceIds", List.of(bytes32(h)), BOOL);
  }

  public static Function isKmsAllowed(AppBootInfo b) {
    return new Function("isKmsAllowed", List.of(bootInfo(b)), List.of(BOOL, STRING));
  }

  public static Function setKmsInfo(byte[] k256Pubkey, byte[] caPubkey, byte[] quote, byte[] eventlog) {
    DynamicStruct info =
        new DynamicStruct(
            new DynamicBytes(k256Pubkey), new DynamicBytes(caPubkey), new DynamicBytes(quote), new DynamicBytes(eventlog));
    return write("setKmsInfo", info);
  }

  public static Function setGatewayAppId(String appId) {
    return write("setGatewayAppId", new Utf8String(appId));
  }

  public static Function setAppImplementation(EvmAddress impl) {
    return write("setAppImplementation", address(impl));
  }

  public static Function registerApp(EvmAddress app) {
    return write("registerApp", address(app));
  }

  public static Function addOsImageHash(Bytes32 h) {
    return write("addOsImageHash", bytes32(h));
  }

  public static Function removeOsImageHash(Bytes32 h) {
    return write("removeOsImageHash", bytes32(h));
  }

  public static Function addKmsAggregatedMr(Bytes32 h) {
    return write("addKmsAggregatedMr", bytes32(h));
  }

  public static Function removeKmsAggregatedMr(Bytes32 h) {
    return write("removeKmsAggregatedMr", bytes32(h));
  }

  public static Function addKmsDevice(Bytes32 h) {
    return write("addKmsDevice", bytes32(h));
  }

  public static Function removeKmsDevice(Bytes32 h) {
    return write("removeKmsDevice", bytes32(h));
  }

  /** The 5-argument factory every DstackKms version has. */
  public static Function deployAndRegisterApp(
      EvmAddress owner, boolean disableUpgrades, boolean allowAnyDevice, Bytes32 deviceId, Bytes32 composeHash) {
    return new Function(
        "deployAndRegisterApp",
        List.of(address(owner), new Bool(disableUpgrades), new Bool(allowAnyDevice), bytes32(deviceId), bytes32(composeHash)),
        List.of(ADDRESS));
  }

  /** The 6-argument factory of newer versions, with {@code requireTcbUpToDate}. */
  public static Function deployAndRegisterApp(
      EvmAddress owner,
      boolean disableUpgrades,
      boolean requireTcbUpToDate,
      boolean allowAnyDevice,
      Bytes32 deviceId,
      Bytes32 composeHash) {
    return new Function(
        "deployAndRegisterApp",
        List.of(
            address(owner),
            new Bool(disableUpgrades),
            new Bool(requireTcbUpToDate),
            new Bool(allowAnyDevice),
            bytes32(deviceId),
            bytes32(composeHash)),
        List.of(ADDRESS));
  }

  // ---- DstackApp ----

  public static Function allowedComposeHashes(Bytes32 h) {
    return view("allowedComposeHashes", List.of(bytes32(h)), BOOL);
  }

  public static Function allowedDeviceIds(Bytes32 h) {
    return view("allowedDeviceIds", List.of(bytes32(h)), BOOL);
  }

  public static Function allowAnyDevice() {
    return view("allowAnyDevice", List.of(), BOOL);
  }

  public static Function requireTcbUpToDate() {
    return view("requireTcbUpToDate", List.of(), BOOL);
  }

  public static Function addComposeHash(Bytes32 h) {
    return write("addComposeHash", bytes32(h));
  }

  public static Function removeComposeHash(Bytes32 h) {
    return write("removeComposeHash", bytes32(h));
  }

  public static Function addDevice(Bytes32 h) {
    return write("addDevice", bytes32(h));
  }

  public static Function removeDevice(Bytes32 h) {
    return write("removeDevice", bytes32(h));
  }

  public static Function setAllowAnyDevice(boolean v) {
    return write("setAllowAnyDevice", new Bool(v));
  }

  public static Function setRequireTcbUpToDate(boolean v) {
    return write("setRequireTcbUpToDate", new Bool(v));
  }

  public static Function disableUpgrades() {
    return write("disableUpgrades");
  }

  // ---- events ----

  public static final Event OWNERSHIP_TRANSFERRED =
      new Event("OwnershipTransferred", List.of(new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}));
  public static final Event UPGRADED = new Event("Upgraded", List.of(new TypeReference<Address>(true) {}));
  public static final Event INITIALIZED = new Event("Initialized", List.of(new TypeReference<Uint64>() {}));

  public static final Event APP_REGISTERED = new Event("AppRegistered", List.of(ADDRESS));
  public static final Event APP_DEPLOYED_VIA_FACTORY =
      new Event("AppDeployedViaFactory", List.of(new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}));
  public static final Event KMS_INFO_SET = new Event("KmsInfoSet", List.of(BYTES));
  public static final Event KMS_AGGREGATED_MR_ADDED = new Event("KmsAggregatedMrAdded", List.of(BYTES32));
  public static final Event KMS_AGGREGATED_MR_REMOVED = new Event("KmsAggregatedMrRemoved", List.of(BYTES32));
  public static final Event KMS_DEVICE_ADDED = new Event("KmsDeviceAdded", List.of(BYTES32));
  public static final Event KMS_DEVICE_REMOVED = new Event("KmsDeviceRemoved", List.of(BYTES32));
  public static final Event OS_IMAGE_HASH_ADDED = new Event("OsImageHashAdded", List.of(BYTES32));
  public static final Event OS_IMAGE_HASH_REMOVED = new Event("OsImageHashRemoved", List.of(BYTES32));
  public static final Event GATEWAY_APP_ID_SET = new Event("GatewayAppIdSet", List.of(STRING));
  public static final Event APP_IMPLEMENTATION_SET = new Event("AppImplementationSet", List.of(ADDRESS));

  public static final Event COMPOSE_HASH_ADDED = new Event("ComposeHashAdded", List.of(BYTES32));
  public static final Event COMPOSE_HASH_REMOVED = new Event("ComposeHashRemoved", List.of(BYTES32));
  public static final Event DEVICE_ADDED = new Event("DeviceAdded", List.of(BYTES32));
  public static final Event DEVICE_REMOVED = new Event("DeviceRemoved", List.of(BYTES32));
  public static final Event ALLOW_ANY_DEVICE_SET = new Event("AllowAnyDeviceSet", List.of(BOOL));
  public static final Event REQUIRE_TCB_UP_TO_DATE_SET = new Event("RequireTcbUpToDateSet", List.of(BOOL));
  public static final Event UPGRADES_DISABLED = new Event("UpgradesDisabled", List.of());

  public static final List<Event> KMS_EVENTS =
      List.of(
          APP_REGISTERED, APP_DEPLOYED_VIA_FACTORY, KMS_INFO_SET, KMS_AGGREGATED_MR_ADDED, KMS_AGGREGATED_MR_REMOVED,
          KMS_DEVICE_ADDED, KMS_DEVICE_REMOVED, OS_IMAGE_HASH_ADDED, OS_IMAGE_HASH_REMOVED, GATEWAY_APP_ID_SET,
          APP_IMPLEMENTATION_SET, OWNERSHIP_TRANSFERRED, UPGRADED);

  public static final List<Event> APP_EVENTS =
      List.of(
          COMPOSE_HASH_ADDED, COMPOSE_HASH_REMOVED, DEVICE_ADDED, DEVICE_REMOVED, ALLOW_ANY_DEVICE_SET,
          REQUIRE_TCB_UP_TO_DATE_SET, UPGRADES_DISABLED, OWNERSHIP_TRANSFERRED, UPGRADED);

  private static Function view(String name, List<Type> inputs, TypeReference<?> output) {
    return new Function(name, inputs, List.of(output));
  }

  private static Function write(String name, Type<?>... inputs) {
    return new Function(name, List.of(inputs), List.of());
  }
}

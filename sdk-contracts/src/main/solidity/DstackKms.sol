// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC165Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/introspection/ERC165Upgradeable.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {AppBootInfo, IAppAuth} from "./IAppAuth.sol";

/// phat4j's implementation of dstack's KMS registry: the KMS's public identity (k256 root key, CA key,
/// quote, event log), which OS images and KMS instances may run, which apps are registered, and a
/// factory that deploys an app's DstackApp proxy and registers it in one transaction.
contract DstackKms is Initializable, OwnableUpgradeable, UUPSUpgradeable, ERC165Upgradeable, IAppAuth {
    struct KmsInfo {
        bytes k256Pubkey;
        bytes caPubkey;
        bytes quote;
        bytes eventlog;
    }

    bytes32 private constant POLICY_OS_IMAGE = keccak256("os-image");
    bytes32 private constant POLICY_KMS_AGGREGATED_MR = keccak256("kms-aggregated-mr");
    bytes32 private constant POLICY_KMS_DEVICE = keccak256("kms-device");
    bytes32 private constant POLICY_APP_IMPLEMENTATION = keccak256("app-implementation");
    bytes32 private constant POLICY_IMPLEMENTATION_UPGRADE = keccak256("implementation-upgrade");

    KmsInfo public kmsInfo;
    string public gatewayAppId;
    mapping(address => bool) public registeredApps;
    mapping(bytes32 => bool) public kmsAllowedAggregatedMrs;
    mapping(bytes32 => bool) public kmsAllowedDeviceIds;
    mapping(bytes32 => bool) public allowedOsImages;
    address public appImplementation;

    event KmsInfoSet(bytes k256Pubkey);
    event KmsAggregatedMrAdded(bytes32 mrAggregated);
    event KmsAggregatedMrRemoved(bytes32 mrAggregated);
    event KmsDeviceAdded(bytes32 deviceId);
    event KmsDeviceRemoved(bytes32 deviceId);
    event OsImageHashAdded(bytes32 osImageHash);
    event OsImageHashRemoved(bytes32 osImageHash);
    event GatewayAppIdSet(string gatewayAppId);
    event AppImplementationSet(address implementation);
    event AppRegistered(address appId);
    event AppDeployedViaFactory(address indexed appId, address indexed deployer);
    event PolicyChanged(address indexed actor, bytes32 indexed policy, bytes32 indexed value, bool enabled);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address initialOwner, address _appImplementation) public initializer {
        __Ownable_init(initialOwner);
        __ERC165_init();
        if (_appImplementation != address(0)) _setAppImplementation(_appImplementation);
    }

    function setKmsInfo(KmsInfo memory info) external onlyOwner {
        kmsInfo = info;
        emit KmsInfoSet(info.k256Pubkey);
    }

    function setKmsQuote(bytes memory quote) external onlyOwner {
        kmsInfo.quote = quote;
    }

    function setKmsEventlog(bytes memory eventlog) external onlyOwner {
        kmsInfo.eventlog = eventlog;
    }

    function setGatewayAppId(string memory appId) external onlyOwner {
        gatewayAppId = appId;
        emit GatewayAppIdSet(appId);
    }

    function setAppImplementation(address _implementation) external onlyOwner {
        _setAppImplementation(_implementation);
    }

    function addKmsAggregatedMr(bytes32 mrAggregated) external onlyOwner {
        kmsAllowedAggregatedMrs[mrAggregated] = true;
        emit KmsAggregatedMrAdded(mrAggregated);
        emit PolicyChanged(msg.sender, POLICY_KMS_AGGREGATED_MR, mrAggregated, true);
    }

    function removeKmsAggregatedMr(bytes32 mrAggregated) external onlyOwner {
        kmsAllowedAggregatedMrs[mrAggregated] = false;
        emit KmsAggregatedMrRemoved(mrAggregated);
        emit PolicyChanged(msg.sender, POLICY_KMS_AGGREGATED_MR, mrAggregated, false);
    }

    function addKmsDevice(bytes32 deviceId) external onlyOwner {
        kmsAllowedDeviceIds[deviceId] = true;
        emit KmsDeviceAdded(deviceId);
        emit PolicyChanged(msg.sender, POLICY_KMS_DEVICE, deviceId, true);
    }

    function removeKmsDevice(bytes32 deviceId) external onlyOwner {
        kmsAllowedDeviceIds[deviceId] = false;
        emit KmsDeviceRemoved(deviceId);
        emit PolicyChanged(msg.sender, POLICY_KMS_DEVICE, deviceId, false);
    }

    function addOsImageHash(bytes32 osImageHash) external onlyOwner {
        allowedOsImages[osImageHash] = true;
        emit OsImageHashAdded(osImageHash);
        emit PolicyChanged(msg.sender, POLICY_OS_IMAGE, osImageHash, true);
    }

    function removeOsImageHash(bytes32 osImageHash) external onlyOwner {
        allowedOsImages[osImageHash] = false;
        emit OsImageHashRemoved(osImageHash);
        emit PolicyChanged(msg.sender, POLICY_OS_IMAGE, osImageHash, false);
    }

    /// Anyone may register an app id; the app's own contract decides which CVMs may boot.
    function registerApp(address appId) public {
        require(appId != address(0), "Invalid app ID");
        registeredApps[appId] = true;
        emit AppRegistered(appId);
    }

    function deployAndRegisterApp(
        address initialOwner,
        bool disableUpgrades,
        bool allowAnyDevice,
        bytes32 initialDeviceId,
        bytes32 initialComposeHash
    ) external returns (address appId) {
        bytes memory init = abi.encodeWithSignature(
            "initialize(address,bool,bool,bytes32,bytes32)",
            initialOwner, disableUpgrades, allowAnyDevice, initialDeviceId, initialComposeHash);
        return _deployAndRegister(initialOwner, init);
    }

    function deployAndRegisterApp(
        address initialOwner,
        bool disableUpgrades,
        bool requireTcbUpToDate,
        bool allowAnyDevice,
        bytes32 initialDeviceId,
        bytes32 initialComposeHash
    ) external returns (address appId) {
        bytes memory init = abi.encodeWithSignature(
            "initialize(address,bool,bool,bool,bytes32,bytes32)",
            initialOwner, disableUpgrades, requireTcbUpToDate, allowAnyDevice, initialDeviceId, initialComposeHash);
        return _deployAndRegister(initialOwner, init);
    }

    /// Checks, in this order: registration, OS image, that the app id holds code; then asks the app.
    function isAppAllowed(AppBootInfo calldata bootInfo) external view override returns (bool isAllowed, string memory reason) {
        if (!registeredApps[bootInfo.appId]) {
            return (false, "App not registered");
        }
        if (!allowedOsImages[bootInfo.osImageHash]) {
            return (false, "OS image is not allowed");
        }
        if (bootInfo.appId.code.length == 0) {
            return (false, "App not deployed or invalid address");
        }
        return IAppAuth(bootInfo.appId).isAppAllowed(bootInfo);
    }

    /// Checks, in this order: TCB status, OS image, the KMS's aggregated measurement, its device.
    function isKmsAllowed(AppBootInfo calldata bootInfo) external view returns (bool isAllowed, string memory reason) {
        if (keccak256(bytes(bootInfo.tcbStatus)) != keccak256("UpToDate")) {
            return (false, "TCB status is not up to date");
        }
        if (!allowedOsImages[bootInfo.osImageHash]) {
            return (false, "OS image is not allowed");
        }
        if (!kmsAllowedAggregatedMrs[bootInfo.mrAggregated]) {
            return (false, "Aggregated MR not allowed");
        }
        if (!kmsAllowedDeviceIds[bootInfo.deviceId]) {
            return (false, "KMS is not allowed to boot on this device");
        }
        return (true, "");
    }

    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAppAuth).interfaceId || super.supportsInterface(interfaceId);
    }

    function _deployAndRegister(address initialOwner, bytes memory init) private returns (address appId) {
        require(appImplementation != address(0), "DstackApp implementation not set");
        require(initialOwner != address(0), "Invalid owner address");
        appId = address(new ERC1967Proxy(appImplementation, init));
        registerApp(appId);
        emit AppDeployedViaFactory(appId, msg.sender);
    }

    function _setAppImplementation(address implementation) private {
        appImplementation = implementation;
        emit AppImplementationSet(implementation);
        emit PolicyChanged(msg.sender, POLICY_APP_IMPLEMENTATION, bytes32(uint256(uint160(implementation))), true);
    }

    function _authorizeUpgrade(address newImplementation) internal override onlyOwner {
        emit PolicyChanged(msg.sender, POLICY_IMPLEMENTATION_UPGRADE, bytes32(uint256(uint160(newImplementation))), true);
    }
}

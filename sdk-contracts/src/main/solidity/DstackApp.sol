// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC165Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/introspection/ERC165Upgradeable.sol";
import {AppBootInfo, IAppAuth} from "./IAppAuth.sol";
import {IAppAuthBasicManagement} from "./IAppAuthBasicManagement.sol";

/// phat4j's implementation of dstack's per-app policy contract. Its address is the app id.
/// It is deployed behind an ERC1967 proxy (UUPS), like dstack's, so the same address keeps its policy
/// across upgrades until the owner disables them for good.
contract DstackApp is Initializable, OwnableUpgradeable, UUPSUpgradeable, ERC165Upgradeable, IAppAuth, IAppAuthBasicManagement {
    bytes32 private constant POLICY_COMPOSE_HASH = keccak256("compose-hash");
    bytes32 private constant POLICY_DEVICE = keccak256("device");
    bytes32 private constant POLICY_ALLOW_ANY_DEVICE = keccak256("allow-any-device");
    bytes32 private constant POLICY_REQUIRE_TCB_UP_TO_DATE = keccak256("require-tcb-up-to-date");
    bytes32 private constant POLICY_IMPLEMENTATION_UPGRADE = keccak256("implementation-upgrade");
    bytes32 private constant POLICY_UPGRADES_DISABLED = keccak256("upgrades-disabled");

    mapping(bytes32 => bool) public allowedComposeHashes;
    bool public allowAnyDevice;
    mapping(bytes32 => bool) public allowedDeviceIds;
    bool public requireTcbUpToDate;
    bool private _upgradesDisabled;

    event AllowAnyDeviceSet(bool allowAny);
    event RequireTcbUpToDateSet(bool requireUpToDate);
    event UpgradesDisabled();
    /// One event for every policy change, so a single log filter follows them all.
    event PolicyChanged(address indexed actor, bytes32 indexed policy, bytes32 indexed value, bool enabled);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(
        address initialOwner,
        bool _disableUpgrades,
        bool _allowAnyDevice,
        bytes32 initialDeviceId,
        bytes32 initialComposeHash
    ) public initializer {
        _init(initialOwner, _disableUpgrades, false, _allowAnyDevice, initialDeviceId, initialComposeHash);
    }

    function initialize(
        address initialOwner,
        bool _disableUpgrades,
        bool _requireTcbUpToDate,
        bool _allowAnyDevice,
        bytes32 initialDeviceId,
        bytes32 initialComposeHash
    ) public initializer {
        _init(initialOwner, _disableUpgrades, _requireTcbUpToDate, _allowAnyDevice, initialDeviceId, initialComposeHash);
    }

    function _init(
        address initialOwner,
        bool disableUpgrades_,
        bool requireTcbUpToDate_,
        bool allowAnyDevice_,
        bytes32 initialDeviceId,
        bytes32 initialComposeHash
    ) private {
        __Ownable_init(initialOwner);
        __ERC165_init();
        if (initialComposeHash != bytes32(0)) _setComposeHash(initialComposeHash, true);
        if (initialDeviceId != bytes32(0)) _setDevice(initialDeviceId, true);
        if (allowAnyDevice_) _setAllowAnyDevice(true);
        if (requireTcbUpToDate_) _setRequireTcbUpToDate(true);
        if (disableUpgrades_) _disableUpgradesForever();
    }

    function addComposeHash(bytes32 composeHash) external onlyOwner {
        _setComposeHash(composeHash, true);
    }

    function removeComposeHash(bytes32 composeHash) external onlyOwner {
        _setComposeHash(composeHash, false);
    }

    function addDevice(bytes32 deviceId) external onlyOwner {
        _setDevice(deviceId, true);
    }

    function removeDevice(bytes32 deviceId) external onlyOwner {
        _setDevice(deviceId, false);
    }

    function setAllowAnyDevice(bool _allowAnyDevice) external onlyOwner {
        _setAllowAnyDevice(_allowAnyDevice);
    }

    function setRequireTcbUpToDate(bool _requireTcbUpToDate) external onlyOwner {
        _setRequireTcbUpToDate(_requireTcbUpToDate);
    }

    function disableUpgrades() external onlyOwner {
        _disableUpgradesForever();
    }

    /// Checks, in this order: TCB status (when required), compose hash, device (unless any device is allowed).
    function isAppAllowed(AppBootInfo calldata bootInfo) external view override returns (bool isAllowed, string memory reason) {
        if (requireTcbUpToDate && keccak256(bytes(bootInfo.tcbStatus)) != keccak256("UpToDate")) {
            return (false, "TCB status is not up to date");
        }
        if (!allowedComposeHashes[bootInfo.composeHash]) {
            return (false, "Compose hash not allowed");
        }
        if (!allowAnyDevice && !allowedDeviceIds[bootInfo.deviceId]) {
            return (false, "Device not allowed");
        }
        return (true, "");
    }

    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAppAuth).interfaceId
            || interfaceId == type(IAppAuthBasicManagement).interfaceId
            || super.supportsInterface(interfaceId);
    }

    function _setComposeHash(bytes32 composeHash, bool allowed) private {
        allowedComposeHashes[composeHash] = allowed;
        if (allowed) emit ComposeHashAdded(composeHash);
        else emit ComposeHashRemoved(composeHash);
        emit PolicyChanged(msg.sender, POLICY_COMPOSE_HASH, composeHash, allowed);
    }

    function _setDevice(bytes32 deviceId, bool allowed) private {
        allowedDeviceIds[deviceId] = allowed;
        if (allowed) emit DeviceAdded(deviceId);
        else emit DeviceRemoved(deviceId);
        emit PolicyChanged(msg.sender, POLICY_DEVICE, deviceId, allowed);
    }

    function _setAllowAnyDevice(bool allowAny) private {
        allowAnyDevice = allowAny;
        emit AllowAnyDeviceSet(allowAny);
        emit PolicyChanged(msg.sender, POLICY_ALLOW_ANY_DEVICE, bytes32(0), allowAny);
    }

    function _setRequireTcbUpToDate(bool required) private {
        requireTcbUpToDate = required;
        emit RequireTcbUpToDateSet(required);
        emit PolicyChanged(msg.sender, POLICY_REQUIRE_TCB_UP_TO_DATE, bytes32(0), required);
    }

    function _disableUpgradesForever() private {
        _upgradesDisabled = true;
        emit UpgradesDisabled();
        emit PolicyChanged(msg.sender, POLICY_UPGRADES_DISABLED, bytes32(0), true);
    }

    function _authorizeUpgrade(address newImplementation) internal override onlyOwner {
        require(!_upgradesDisabled, "Upgrades are disabled");
        emit PolicyChanged(msg.sender, POLICY_IMPLEMENTATION_UPGRADE, bytes32(uint256(uint160(newImplementation))), true);
    }
}

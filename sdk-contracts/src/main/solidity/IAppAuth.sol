// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// What a CVM presents when it asks the KMS for its keys; the KMS passes it to the app's policy.
struct AppBootInfo {
    address appId;
    bytes32 composeHash;
    address instanceId;
    bytes32 deviceId;
    bytes32 mrAggregated;
    bytes32 mrSystem;
    bytes32 osImageHash;
    string tcbStatus;
    string[] advisoryIds;
}

/// The check a KMS asks an app contract before it releases keys to one of the app's CVMs.
interface IAppAuth {
    /// Returns whether the CVM described by `bootInfo` may boot and, when it may not, why.
    function isAppAllowed(AppBootInfo calldata bootInfo) external view returns (bool isAllowed, string memory reason);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {PhatRollupAnchor} from "./PhatRollupAnchor.sol";

/// An example consumer: anyone queues a request; an attestor's reply stores the result.
///
/// A reply payload is abi.encode(uint256 requestId, bytes result). The contract keeps the result
/// and emits ResultReceived with keccak256(result), so a reader can tie each stored result to
/// the reply that carried it.
contract RollupConsumer is PhatRollupAnchor {
    mapping(uint256 requestId => bytes) private _results;

    event ResultReceived(uint256 indexed requestId, bytes32 resultHash);

    /// `admin` manages roles; `attestor` may commit results.
    constructor(address admin, address attestor) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ATTESTOR_ROLE, attestor);
    }

    /// Queues `data` for the offchain worker and returns the request id (the queue index).
    function request(bytes calldata data) external returns (uint256) {
        return _pushMessage(data);
    }

    /// The result stored for `requestId` (empty until a reply arrived).
    function resultOf(uint256 requestId) external view returns (bytes memory) {
        return _results[requestId];
    }

    function _onMessageReceived(bytes calldata payload) internal override {
        (uint256 requestId, bytes memory result) = abi.decode(payload, (uint256, bytes));
        _results[requestId] = result;
        emit ResultReceived(requestId, keccak256(result));
    }
}

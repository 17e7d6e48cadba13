// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {MetaTxReceiver} from "./MetaTxReceiver.sol";

/// An anchor for Phat offchain-rollup results, ABI-compatible with Phala's PhatRollupAnchor.
///
/// State is one bytes-to-bytes store. A request queue lives under the prefix "q/":
/// "q/_head" and "q/_tail" hold abi.encode(uint32) and item n lives at "q/" ++ abi.encode(uint32 n).
/// An attestor (ATTESTOR_ROLE) commits results with rollupU256CondEq: uint32 conditions on the
/// store (an optimistic lock), raw store updates, then actions, each one type byte and a payload:
/// 0 reply (handed to _onMessageReceived), 1 set queue head, 10 grant attestor, 11 revoke attestor.
/// The same call can be relayed as an EIP-712 meta-transaction signed by the attestor.
abstract contract PhatRollupAnchor is ReentrancyGuard, MetaTxReceiver, AccessControl {
    bytes32 public constant ATTESTOR_ROLE = keccak256("ATTESTOR_ROLE");

    uint8 internal constant ACTION_REPLY = 0;
    uint8 internal constant ACTION_SET_QUEUE_HEAD = 1;
    uint8 internal constant ACTION_GRANT_ATTESTOR = 10;
    uint8 internal constant ACTION_REVOKE_ATTESTOR = 11;

    bytes private constant QUEUE_PREFIX = "q/";
    bytes private constant QUEUE_HEAD = "_head";
    bytes private constant QUEUE_TAIL = "_tail";

    event MetaTxDecoded();
    event MessageQueued(uint256 idx, bytes data);
    event MessageProcessedTo(uint256);

    error BadAttestor();
    error BadCondLen(uint256 kenLen, uint256 valueLen);
    error BadUpdateLen(uint256 kenLen, uint256 valueLen);
    error CondNotMet(bytes cond, uint32 expected, uint32 actual);
    error CannotDecodeAction(uint8 actionId);
    error UnsupportedAction(uint8 actionId);
    error Internal_toUint32Strict_outOfBounds(bytes data);
    error InvalidPopTarget(uint256 targetIdx, uint256 tailIdx);

    mapping(bytes key => bytes) private kvStore;

    /// Commits conditions, updates and actions sent by an attestor.
    ///
    /// The contract itself may call too: that is how a verified meta-transaction gets its
    /// arguments back into calldata.
    function rollupU256CondEq(
        bytes[] calldata condKeys,
        bytes[] calldata condValues,
        bytes[] calldata updateKeys,
        bytes[] calldata updateValues,
        bytes[] calldata actions
    ) public returns (bool) {
        if (msg.sender != address(this) && !hasRole(ATTESTOR_ROLE, msg.sender)) {
            revert BadAttestor();
        }
        return _commit(condKeys, condValues, updateKeys, updateValues, actions);
    }

    /// Commits a rollup signed by an attestor and sent by anyone.
    ///
    /// `req.data` is abi.encode(condKeys, condValues, updateKeys, updateValues, actions).
    function metaTxRollupU256CondEq(ForwardRequest calldata req, bytes calldata signature)
        public
        useMetaTx(req, signature)
        returns (bool)
    {
        if (!hasRole(ATTESTOR_ROLE, req.from)) {
            revert BadAttestor();
        }
        (
            bytes[] memory condKeys,
            bytes[] memory condValues,
            bytes[] memory updateKeys,
            bytes[] memory updateValues,
            bytes[] memory actions
        ) = abi.decode(req.data, (bytes[], bytes[], bytes[], bytes[], bytes[]));
        emit MetaTxDecoded();
        return this.rollupU256CondEq(condKeys, condValues, updateKeys, updateValues, actions);
    }

    /// The raw value stored under `key` (empty when unset).
    function getStorage(bytes memory key) public view returns (bytes memory) {
        return kvStore[key];
    }

    /// Reads a 32-byte ABI word as uint32; an empty value reads as 0.
    function toUint32Strict(bytes memory data) public pure returns (uint32) {
        if (data.length == 0) {
            return 0;
        }
        if (data.length != 32) {
            revert Internal_toUint32Strict_outOfBounds(data);
        }
        return abi.decode(data, (uint32));
    }

    /// The prefix of every queue key.
    function queueGetPrefix() public pure returns (bytes memory) {
        return QUEUE_PREFIX;
    }

    /// The raw value of queue key `key` (without the prefix).
    function queueGetBytes(bytes memory key) public view returns (bytes memory) {
        return kvStore[bytes.concat(QUEUE_PREFIX, key)];
    }

    /// The uint32 value of queue key `key` (without the prefix).
    function queueGetUint(bytes memory key) public view returns (uint32) {
        return toUint32Strict(queueGetBytes(key));
    }

    /// Receives the payload of a reply action. Reverting rejects the whole rollup.
    function _onMessageReceived(bytes calldata payload) internal virtual;

    /// Appends a request to the queue and returns its index.
    function _pushMessage(bytes memory data) internal returns (uint32) {
        uint32 index = queueGetUint(QUEUE_TAIL);
        _queueSet(abi.encode(index), data);
        _queueSet(QUEUE_TAIL, abi.encode(index + 1));
        emit MessageQueued(index, data);
        return index;
    }

    function _commit(
        bytes[] calldata condKeys,
        bytes[] calldata condValues,
        bytes[] calldata updateKeys,
        bytes[] calldata updateValues,
        bytes[] calldata actions
    ) private nonReentrant returns (bool) {
        if (condKeys.length != condValues.length) {
            revert BadCondLen(condKeys.length, condValues.length);
        }
        if (updateKeys.length != updateValues.length) {
            revert BadUpdateLen(updateKeys.length, updateValues.length);
        }
        for (uint256 i = 0; i < condKeys.length; i++) {
            uint32 actual = toUint32Strict(kvStore[condKeys[i]]);
            uint32 expected = toUint32Strict(condValues[i]);
            if (actual != expected) {
                revert CondNotMet(condKeys[i], expected, actual);
            }
        }
        for (uint256 i = 0; i < updateKeys.length; i++) {
            kvStore[updateKeys[i]] = updateValues[i];
        }
        for (uint256 i = 0; i < actions.length; i++) {
            _apply(actions[i]);
        }
        return true;
    }

    function _apply(bytes calldata action) private {
        if (action.length == 0) {
            revert CannotDecodeAction(0);
        }
        uint8 kind = uint8(action[0]);
        bytes calldata payload = action[1:];
        if (kind == ACTION_REPLY) {
            _onMessageReceived(payload);
        } else if (kind == ACTION_SET_QUEUE_HEAD) {
            if (payload.length < 32) {
                revert CannotDecodeAction(kind);
            }
            _popTo(abi.decode(payload, (uint32)));
        } else if (kind == ACTION_GRANT_ATTESTOR || kind == ACTION_REVOKE_ATTESTOR) {
            if (payload.length < 32) {
                revert CannotDecodeAction(kind);
            }
            address attestor = abi.decode(payload, (address));
            if (kind == ACTION_GRANT_ATTESTOR) {
                _grantRole(ATTESTOR_ROLE, attestor);
            } else {
                _revokeRole(ATTESTOR_ROLE, attestor);
            }
        } else {
            revert UnsupportedAction(kind);
        }
    }

    function _popTo(uint32 target) private {
        uint32 tail = queueGetUint(QUEUE_TAIL);
        if (target > tail) {
            revert InvalidPopTarget(target, tail);
        }
        for (uint32 i = queueGetUint(QUEUE_HEAD); i < target; i++) {
            delete kvStore[bytes.concat(QUEUE_PREFIX, abi.encode(i))];
        }
        _queueSet(QUEUE_HEAD, abi.encode(target));
        emit MessageProcessedTo(target);
    }

    function _queueSet(bytes memory key, bytes memory value) private {
        kvStore[bytes.concat(QUEUE_PREFIX, key)] = value;
    }
}

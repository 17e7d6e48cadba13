// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// EIP-712 signed requests that a relayer submits on behalf of a signer ("from").
///
/// Domain: name "PhatRollupMetaTxReceiver", version "0.0.1", the chain id and this contract.
/// Struct: ForwardRequest(address from,uint256 nonce,bytes data), with `data` hashed by keccak256.
/// Each signer has a nonce; a request is accepted when its nonce is not below the signer's
/// current nonce, and the signer's nonce then becomes request nonce + 1.
abstract contract MetaTxReceiver is EIP712 {
    struct ForwardRequest {
        address from;
        uint256 nonce;
        bytes data;
    }

    bytes32 private constant FORWARD_REQUEST_TYPEHASH =
        keccak256("ForwardRequest(address from,uint256 nonce,bytes data)");

    mapping(address signer => uint256) private _metaTxNonces;

    error NonceTooLow(uint256 actual, uint256 currentNonce);
    error MetaTxSignatureNotMatch();

    constructor() EIP712("PhatRollupMetaTxReceiver", "0.0.1") {}

    /// The nonce the next request from `from` must carry (or exceed).
    function metaTxGetNonce(address from) public view returns (uint256) {
        return _metaTxNonces[from];
    }

    /// Builds the request for `data` with the signer's current nonce and the digest to sign.
    function metaTxPrepare(address from, bytes calldata data)
        public
        view
        returns (ForwardRequest memory, bytes32)
    {
        return metaTxPrepareWithNonce(from, data, _metaTxNonces[from]);
    }

    /// Builds the request for `data` with an explicit nonce and the digest to sign.
    function metaTxPrepareWithNonce(address from, bytes calldata data, uint256 nonce)
        public
        view
        returns (ForwardRequest memory, bytes32)
    {
        uint256 current = _metaTxNonces[from];
        if (nonce < current) {
            revert NonceTooLow(nonce, current);
        }
        return (ForwardRequest(from, nonce, data), _forwardRequestDigest(from, nonce, data));
    }

    /// True when `signature` is `req.from`'s signature over the request.
    function metaTxVerify(ForwardRequest calldata req, bytes calldata signature)
        public
        view
        returns (bool)
    {
        (address signer, ECDSA.RecoverError failure,) =
            ECDSA.tryRecover(_forwardRequestDigest(req.from, req.nonce, req.data), signature);
        return failure == ECDSA.RecoverError.NoError && signer == req.from;
    }

    /// Checks nonce and signature, then consumes the nonce.
    modifier useMetaTx(ForwardRequest calldata req, bytes calldata signature) {
        uint256 current = _metaTxNonces[req.from];
        if (req.nonce < current) {
            revert NonceTooLow(req.nonce, current);
        }
        if (!metaTxVerify(req, signature)) {
            revert MetaTxSignatureNotMatch();
        }
        _metaTxNonces[req.from] = req.nonce + 1;
        _;
    }

    function _forwardRequestDigest(address from, uint256 nonce, bytes calldata data)
        private
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(FORWARD_REQUEST_TYPEHASH, from, nonce, keccak256(data))));
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// A tiny contract for the anvil tests: a constructor argument, state, an event and a revert.
contract Counter {
    uint256 public count;
    address public immutable creator;

    event Incremented(address indexed by, uint256 count);

    error TooLarge(uint256 limit, uint256 requested);

    constructor(uint256 start) {
        count = start;
        creator = msg.sender;
    }

    function increment(uint256 by) external {
        if (by > 1000) revert TooLarge(1000, by);
        count += by;
        emit Incremented(msg.sender, count);
    }

    function failWithReason() external pure {
        revert("counter says no");
    }
}

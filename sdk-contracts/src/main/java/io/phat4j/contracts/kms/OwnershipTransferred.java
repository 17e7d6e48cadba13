package io.phat4j.contracts.kms;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.LogPosition;

/**
 * {@code OwnershipTransferred(address indexed previousOwner, address indexed newOwner)} of a
 * DstackKms or DstackApp contract.
 *
 * @param position where it was emitted
 * @param previousOwner the old owner (zero at initialisation)
 * @param newOwner the new owner
 */
public record OwnershipTransferred(LogPosition position, EvmAddress previousOwner, EvmAddress newOwner)
    implements KmsEvent, AppEvent {}

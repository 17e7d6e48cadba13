package io.phat4j.contracts.kms;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.LogPosition;

/**
 * {@code Upgraded(address indexed implementation)}: the proxy now runs new code.
 *
 * @param position where it was emitted
 * @param implementation the new implementation contract
 */
public record Upgraded(LogPosition position, EvmAddress implementation) implements KmsEvent, AppEvent {}

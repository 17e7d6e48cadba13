/**
 * Off-chain contracts: the in-enclave side of a dstack app, written once and run either in a real
 * container against the guest agent's socket or in process on the phat4j devnet.
 */
@NullMarked
package io.phat4j.core.offchain;

import org.jspecify.annotations.NullMarked;

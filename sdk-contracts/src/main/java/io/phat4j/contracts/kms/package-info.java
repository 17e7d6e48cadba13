/**
 * Typed access to dstack's on-chain KMS governance: {@link io.phat4j.contracts.kms.DstackKms}
 * (the KMS's root key, app registry, OS image allowlist, app factory) and {@link
 * io.phat4j.contracts.kms.DstackApp} (one app's compose-hash and device policy).
 *
 * <p>Both sit on a {@link io.phat4j.contracts.chain.ChainClient}; writes take a caller-supplied
 * web3j {@code TransactionManager}. Event history comes back as the sealed {@link
 * io.phat4j.contracts.kms.KmsEvent} and {@link io.phat4j.contracts.kms.AppEvent} records.
 */
@NullMarked
package io.phat4j.contracts.kms;

import org.jspecify.annotations.NullMarked;

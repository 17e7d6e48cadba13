/**
 * Reading and writing EVM chains through web3j, behind phat4j types.
 *
 * <p>{@link io.phat4j.contracts.chain.ChainClient} is the connection: {@code eth_call} with typed
 * decoding, bounded-chunk log scans ({@link io.phat4j.contracts.chain.LogQuery}, {@link
 * io.phat4j.contracts.chain.LogScan}) with a confirmation depth, and transactions through a web3j
 * {@code TransactionManager}. Failures are typed: {@link
 * io.phat4j.contracts.chain.NoContractException}, {@link
 * io.phat4j.contracts.chain.ContractRevertedException} (with the revert reason or custom error
 * decoded), {@link io.phat4j.contracts.chain.ChainRpcException}, and {@link
 * io.phat4j.core.DecodeException} for malformed replies.
 */
@NullMarked
package io.phat4j.contracts.chain;

import org.jspecify.annotations.NullMarked;

/**
 * The Phat offchain-rollup anchor: encoding and decoding {@code rollupU256CondEq} and its
 * EIP-712 meta-transaction form, reading requests and results from any contract with the
 * {@code PhatRollupAnchor} ABI, submitting results as an attestor, and checking a result's chain
 * of trust back to an attested app.
 *
 * <p>Start with {@link io.phat4j.contracts.rollup.RollupAnchorReader} to read, {@link
 * io.phat4j.contracts.rollup.RollupSubmitter} to commit as an attestor, {@link
 * io.phat4j.contracts.rollup.ResultChecker} to check a result's chain of trust, and {@link
 * io.phat4j.contracts.rollup.RollupCalldata} / {@link io.phat4j.contracts.rollup.MetaTxSignatures}
 * for the raw codec and EIP-712 signatures.
 */
@NullMarked
package io.phat4j.contracts.rollup;

import org.jspecify.annotations.NullMarked;

/**
 * A local Phala in one call: {@link io.phat4j.devnet.Devnet#start()} brings up an enclave
 * simulator whose TDX quotes are genuinely signed under a devnet PKI, a dev PCCS serving that PKI's
 * collateral on Intel's PCS v4 paths, a KMS, the Phala Cloud deployment API and an anvil chain with
 * {@code DstackKms} deployed, all on loopback ports.
 *
 * <p>Nothing here is a production trust root: a verifier accepts devnet quotes only when it is
 * given {@link io.phat4j.devnet.Devnet#rootCaDer()} as its trust anchor. See {@code docs/devnet.md}
 * for what is simulated and what is real.
 */
@NullMarked
package io.phat4j.devnet;

import org.jspecify.annotations.NullMarked;

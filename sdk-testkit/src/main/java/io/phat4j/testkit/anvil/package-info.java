/**
 * A real anvil node for chain tests.
 *
 * <p>{@link io.phat4j.testkit.anvil.AnvilNode} starts anvil (found by {@link
 * io.phat4j.testkit.anvil.AnvilExecutable}: {@code PHAT4J_ANVIL}, the repository's pinned npm
 * package, then {@code PATH}) on a free loopback port and exposes its RPC URL, dev accounts and
 * test controls (snapshot, revert, mine, automine). {@link io.phat4j.testkit.anvil.AnvilExtension}
 * gives each JUnit test class its own node. {@link io.phat4j.testkit.anvil.ContractArtifact} and
 * {@link io.phat4j.testkit.anvil.ContractDeployer} deploy the contracts phat4j commits as compiled
 * artifacts.
 */
@NullMarked
package io.phat4j.testkit.anvil;

import org.jspecify.annotations.NullMarked;

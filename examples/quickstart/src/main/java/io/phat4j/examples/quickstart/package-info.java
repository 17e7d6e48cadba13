/**
 * The phat4j quickstart: the whole mission on a local devnet, narrated. {@link
 * io.phat4j.examples.quickstart.Main} is the program; {@link
 * io.phat4j.examples.quickstart.PrivateScoring} is the off-chain contract it deploys.
 */
@NullMarked
package io.phat4j.examples.quickstart;

import org.jspecify.annotations.NullMarked;

/**
 * The devnet's moving parts: the HTTP plumbing, the quote factory, the KMS, the guest agent, the
 * dev PCCS and the deployment API. Not public API; use {@link io.phat4j.devnet.Devnet}.
 */
@NullMarked
package io.phat4j.devnet.internal;

import org.jspecify.annotations.NullMarked;

/**
 * dstack app identity and runtime measurements: the app compose file and its hash, the app id,
 * and the event log whose replay reproduces a TDX quote's RTMR0–3.
 *
 * <p>{@link io.phat4j.core.dstack.AppCompose} keeps the exact bytes of an {@code app-compose.json}
 * (the compose hash is SHA-256 of those bytes, never of a re-serialisation) and can also produce
 * the canonical form {@code @phala/dstack-sdk}'s {@code getComposeHash} computes.
 * {@link io.phat4j.core.dstack.EventLog} parses the event log of a {@code GetQuote} or
 * attestation response, recomputes every dstack runtime-event digest from its name and payload,
 * replays the registers into {@link io.phat4j.core.dstack.Rtmrs} and exposes the typed runtime
 * events ({@link io.phat4j.core.dstack.DstackRuntimeEvents}). Comparing the replayed registers
 * with the quote's is the caller's step, after the quote itself has been verified.
 */
@NullMarked
package io.phat4j.core.dstack;

import org.jspecify.annotations.NullMarked;

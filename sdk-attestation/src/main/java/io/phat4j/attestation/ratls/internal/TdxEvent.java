package io.phat4j.attestation.ratls.internal;

import org.jspecify.annotations.Nullable;

/**
 * One event of a TDX event log as dstack carries it (its {@code TdxEvent}): the IMR index (0 based),
 * the event type, the digest (empty when dstack stripped it from a runtime event), the name, the
 * payload, the runtime-event digest version (1 or 2) and, for version 2, the digest pre-image.
 *
 * @param imr the IMR index, 0 to 3
 * @param eventType the TCG event type
 * @param digest the recorded digest (may be empty)
 * @param event the event name
 * @param payload the event payload
 * @param version the runtime-event digest version (1 unless stated)
 * @param preimage the hex digest pre-image of a version 2 event, if carried
 */
public record TdxEvent(long imr, long eventType, byte[] digest, String event, byte[] payload, int version, @Nullable String preimage) {}

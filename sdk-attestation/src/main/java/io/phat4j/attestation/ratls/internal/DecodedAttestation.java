package io.phat4j.attestation.ratls.internal;

import io.phat4j.attestation.ratls.AttestationWireFormat;
import java.util.List;

/**
 * What dstack's attestation carries, whatever its wire format: the TDX quote, the event log, the
 * runtime events, the report data the attestation declares and the raw config string.
 *
 * @param format the wire format it was decoded from
 * @param quote the TDX quote bytes
 * @param eventLog the TDX event log (dstack strips RTMR0-2 payloads for certificates)
 * @param runtimeEvents the runtime events listed beside the event log, as (name, payload) events
 * @param reportData the 64-byte report data the attestation declares
 * @param config the config string (may be empty)
 */
public record DecodedAttestation(
    AttestationWireFormat format,
    byte[] quote,
    List<TdxEvent> eventLog,
    List<TdxEvent> runtimeEvents,
    byte[] reportData,
    String config) {}

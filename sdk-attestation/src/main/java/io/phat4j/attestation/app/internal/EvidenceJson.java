package io.phat4j.attestation.app.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.EvidenceFormat;
import io.phat4j.attestation.ratls.internal.AttestationDecoder;
import io.phat4j.attestation.ratls.internal.DecodedAttestation;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.json.PhalaJson;
import org.jspecify.annotations.Nullable;

/** Reads the JSON shapes evidence arrives in and tells them apart. */
public final class EvidenceJson {
  private EvidenceJson() {}

  /**
   * Decodes a versioned attestation (SCALE v0 or msgpack v1).
   *
   * @param attestation the bytes
   * @param format the label for the result
   * @return the evidence
   */
  public static AppEvidence attestation(byte[] attestation, EvidenceFormat format) {
    DecodedAttestation d = AttestationDecoder.decode(attestation);
    return AppEvidence.of(
        format, d.quote(), AttestationDecoder.eventLogJson(d.eventLog()), AttestationDecoder.vmConfigJson(d.config()));
  }

  /**
   * Reads dstack-verifier's request.
   *
   * @param json the body
   * @return the evidence
   */
  public static AppEvidence verifierRequest(byte[] json) {
    JsonNode root = PhalaJson.readTree("request", json);
    if (!root.isObject()) {
      throw new DecodeException("request", "must be a JSON object");
    }
    AppEvidence e = fromObject(root, EvidenceFormat.VERIFIER_REQUEST, EvidenceFormat.VERIFIER_ATTESTATION);
    if (e == null) {
      throw new DecodeException("quote", "Quote is required (give quote and event_log, or attestation)");
    }
    return e;
  }

  /**
   * Detects the shape of evidence JSON.
   *
   * @param json the text
   * @return the evidence
   */
  public static AppEvidence detect(byte[] json) {
    JsonNode root = PhalaJson.readTree("evidence", json);
    if (!root.isObject()) {
      throw new DecodeException("evidence", "must be a JSON object");
    }
    EvidenceFormat quoteFormat =
        root.hasNonNull("report_data") ? EvidenceFormat.GUEST_GET_QUOTE : EvidenceFormat.VERIFIER_REQUEST;
    AppEvidence e = fromObject(root, quoteFormat, EvidenceFormat.GUEST_ATTEST);
    if (e == null) {
      throw new DecodeException(
          "evidence",
          "is not a known shape: expected {quote, event_log[, vm_config]} (dstack-verifier request or GetQuote"
              + " response) or {attestation} (Attest response)");
    }
    return e;
  }

  private static @Nullable AppEvidence fromObject(JsonNode root, EvidenceFormat quoteFormat, EvidenceFormat attFormat) {
    JsonNode att = root.get("attestation");
    if (att != null && !att.isNull()) {
      return attestation(hex(att, "attestation"), attFormat);
    }
    JsonNode quote = root.get("quote");
    if (quote == null || quote.isNull()) {
      return null;
    }
    JsonNode log = root.get("event_log");
    if (log == null || log.isNull()) {
      throw new DecodeException("event_log", "Event log is required with a quote");
    }
    String logJson = log.isTextual() ? log.textValue() : log.toString();
    JsonNode vm = root.get("vm_config");
    String vmJson = vm == null || vm.isNull() ? null : vm.isTextual() ? vm.textValue() : vm.toString();
    return AppEvidence.of(quoteFormat, hex(quote, "quote"), logJson, vmJson);
  }

  private static byte[] hex(JsonNode n, String field) {
    if (!n.isTextual()) {
      throw new DecodeException(field, "must be a hex string");
    }
    String s = n.textValue();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    return Hex.decode(field, s);
  }
}

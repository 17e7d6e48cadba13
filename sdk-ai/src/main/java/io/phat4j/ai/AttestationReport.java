package io.phat4j.ai;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.gpu.NvidiaPayload;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.json.PhalaJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@code GET /v1/attestation/report} response: the signing key, the nonce, the TDX
 * quote, the GPU evidence and the dstack {@code info}.
 *
 * <p>The double-encoded fields are decoded here: {@code nvidia_payload} (a JSON string holding an
 * object) through {@link #nvidiaPayload()}, and {@code info.tcb_info} (a string in some servers, an
 * object in others) into {@link #tcbInfo()}. A response with {@code all_attestations} keeps each
 * backend's entry in {@link #allAttestations()}; {@link #select(String)} picks one by address.
 * Instances are immutable.
 */
public final class AttestationReport {
  private final String signingAddress;
  private final SigningAlgorithm signingAlgorithm;
  private final Bytes32 requestNonce;
  private final byte[] intelQuote;
  private final @Nullable String nvidiaPayloadJson;
  private final @Nullable String appId;
  private final @Nullable String composeHash;
  private final @Nullable String tcbInfo;
  private final @Nullable String eventLog;
  private final int version;
  private final @Nullable Bytes32 tlsCertFingerprint;
  private final List<AttestationReport> allAttestations;

  private AttestationReport(JsonNode node, String where, boolean top) {
    this.signingAddress = text(node, where, "signing_address");
    JsonNode algo = node.get("signing_algo");
    this.signingAlgorithm = algo == null || algo.isNull() ? SigningAlgorithm.ECDSA
        : SigningAlgorithm.fromWireName(algo.asText());
    signingAlgorithm.identity(where + "signing_address", signingAddress); // validate early
    this.requestNonce = Bytes32.fromHex(where + "request_nonce", text(node, where, "request_nonce"));
    JsonNode quote = node.hasNonNull("intel_quote") ? node.get("intel_quote") : node.get("quote");
    if (quote == null || !quote.isTextual()) {
      throw new DecodeException(where + "intel_quote", "is missing or not a string");
    }
    this.intelQuote = Hex.decode(where + "intel_quote", quote.asText().strip());
    JsonNode payload = node.get("nvidia_payload");
    this.nvidiaPayloadJson = payload == null || payload.isNull() ? null
        : payload.isTextual() ? payload.asText() : payload.toString();
    JsonNode info = node.get("info");
    if (info != null && info.isTextual()) {
      info = PhalaJson.readTree(where + "info", info.asText());
    }
    this.appId = info == null ? null : optText(info, "app_id");
    this.composeHash = info == null ? null : optText(info, "compose_hash");
    JsonNode tcb = info == null ? null : info.get("tcb_info");
    this.tcbInfo = tcb == null || tcb.isNull() ? null : tcb.isTextual() ? tcb.asText() : tcb.toString();
    this.eventLog = optText(node, "event_log");
    JsonNode v = node.get("version");
    if (v != null && !v.isNull() && !v.canConvertToInt()) {
      throw new DecodeException(where + "version", "is not an integer");
    }
    this.version = v == null || v.isNull() ? 1 : v.asInt();
    String fp = optText(node, "tls_cert_fingerprint");
    this.tlsCertFingerprint = fp == null ? null : Bytes32.fromHex(where + "tls_cert_fingerprint", fp);
    List<AttestationReport> all = new ArrayList<>();
    JsonNode list = node.get("all_attestations");
    if (top && list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        all.add(new AttestationReport(list.get(i), "all_attestations[" + i + "].", false));
      }
    }
    this.allAttestations = List.copyOf(all);
  }

  /**
   * Parses a saved {@code /v1/attestation/report} response body.
   *
   * @param json the response body
   * @return the top-level entry, with {@link #allAttestations()} when present
   * @throws DecodeException naming the first missing or malformed field
   */
  public static AttestationReport parse(byte[] json) {
    JsonNode node = PhalaJson.readTree("attestation report", json);
    if (!node.isObject()) {
      throw new DecodeException("attestation report", "is not a JSON object");
    }
    return new AttestationReport(node, "", true);
  }

  private static String text(JsonNode node, String where, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new DecodeException(where + field, "is missing or not a string");
    }
    return v.asText();
  }

  private static @Nullable String optText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isTextual() ? null : v.asText();
  }

  /**
   * Picks the entry signed by a given key: this one, or one of {@link #allAttestations()}.
   *
   * @param address the signing address (case-insensitive, {@code 0x} optional) or Ed25519 key hex
   * @return the entry, or empty when no entry has that address
   */
  public Optional<AttestationReport> select(String address) {
    String want = normalize(address);
    if (normalize(signingAddress).equals(want)) {
      return Optional.of(this);
    }
    return allAttestations.stream().filter(a -> normalize(a.signingAddress).equals(want)).findFirst();
  }

  private static String normalize(String address) {
    String a = address.strip().toLowerCase(java.util.Locale.ROOT);
    return a.startsWith("0x") ? a.substring(2) : a;
  }

  /**
   * Returns the signing address (ECDSA) or Ed25519 public key hex, as the server wrote it.
   *
   * @return the address
   */
  public String signingAddress() {
    return signingAddress;
  }

  /**
   * Returns the signing algorithm ({@code ecdsa} when the field is absent).
   *
   * @return the algorithm
   */
  public SigningAlgorithm signingAlgorithm() {
    return signingAlgorithm;
  }

  /**
   * Returns the nonce the server says it used.
   *
   * @return the request nonce
   */
  public Bytes32 requestNonce() {
    return requestNonce;
  }

  /**
   * Returns the raw TDX quote.
   *
   * @return a copy of the quote bytes
   */
  public byte[] intelQuote() {
    return intelQuote.clone();
  }

  /**
   * Parses the GPU evidence.
   *
   * @return the payload, or empty when the report has none
   * @throws DecodeException when {@code nvidia_payload} is malformed
   */
  public Optional<NvidiaPayload> nvidiaPayload() {
    return nvidiaPayloadJson == null ? Optional.empty() : Optional.of(NvidiaPayload.parse(nvidiaPayloadJson));
  }

  /**
   * Returns {@code info.app_id} as the server claims it (not attested by itself).
   *
   * @return the app id, or empty
   */
  public Optional<String> appId() {
    return Optional.ofNullable(appId);
  }

  /**
   * Returns {@code info.compose_hash} as the server claims it (not attested by itself).
   *
   * @return the compose hash hex, or empty
   */
  public Optional<String> composeHash() {
    return Optional.ofNullable(composeHash);
  }

  /**
   * Returns {@code info.tcb_info} as JSON text (decoded once when the server double-encoded it).
   *
   * @return the TCB info JSON, or empty
   */
  public Optional<String> tcbInfo() {
    return Optional.ofNullable(tcbInfo);
  }

  /**
   * Returns the dstack event log JSON string.
   *
   * @return the event log, or empty
   */
  public Optional<String> eventLog() {
    return Optional.ofNullable(eventLog);
  }

  /**
   * Returns the report_data layout version ({@code 1} when absent).
   *
   * @return the version
   */
  public int version() {
    return version;
  }

  /**
   * Returns the SHA-256 of the server's TLS SPKI bound in a version 2 report.
   *
   * @return the fingerprint, or null
   */
  public @Nullable Bytes32 tlsCertFingerprint() {
    return tlsCertFingerprint;
  }

  /**
   * Returns the per-backend entries of a load-balanced response.
   *
   * @return the entries (empty when the response has none)
   */
  public List<AttestationReport> allAttestations() {
    return allAttestations;
  }

  @Override
  public String toString() {
    return "AttestationReport[" + signingAlgorithm.wireName() + " " + signingAddress + ", nonce "
        + requestNonce.hex() + ", quote " + intelQuote.length + " bytes, gpu evidence "
        + (nvidiaPayloadJson != null) + "]";
  }
}

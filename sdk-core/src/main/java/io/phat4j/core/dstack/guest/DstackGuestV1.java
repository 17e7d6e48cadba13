package io.phat4j.core.dstack.guest;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.dstack.guest.internal.GuestJson;
import io.phat4j.core.dstack.guest.internal.GuestRpc;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The v1 guest agent surface ({@code /v1/<Method>}, dstack 0.6), obtained from {@link
 * DstackGuestClient#v1()} and sharing its connection.
 *
 * <p>v1 has {@code GetKey}, {@code Attest}, {@code Info}, {@code Version} and {@code IssueCert};
 * it has no {@code GetQuote}, {@code Sign}, {@code Verify} or {@code EmitEvent}. Its {@code GetKey}
 * derives different keys from the v0 one (see {@link DerivedKeyV1}). Against an agent older than
 * 0.6 every call throws {@link UnsupportedGuestMethodException} with {@code surfaceMissing()}
 * true.
 *
 * <p>Thread-safe; closing the client that made it closes it too.
 */
public final class DstackGuestV1 {
  private final GuestRpc rpc;

  DstackGuestV1(GuestRpc rpc) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
  }

  /**
   * Derives a key with the v1 {@code GetKey}: HKDF-SHA256 over the app root key with the domain
   * and algorithm both bound, so each (domain, algorithm) pair is its own key.
   *
   * @param domain a caller-chosen separation string (any text; {@code a/b} is not a child of
   *     {@code a})
   * @param algorithm the curve; required, no default
   * @return the key, its public key (checked against the key) and the signature chain
   * @throws UnsupportedGuestMethodException if the agent has no v1 surface
   * @throws io.phat4j.core.CryptoException if the returned public key does not belong to the key
   */
  public DerivedKeyV1 getKey(String domain, KeyAlgorithm algorithm) {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(algorithm, "algorithm");
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("domain", domain);
    request.put("algorithm", algorithm.wireName());
    String method = "v1/GetKey";
    JsonNode reply = GuestJson.object(method, rpc.call(method, request, true, true));
    return new DerivedKeyV1(
        GuestJson.secretHex(reply, method, "key", 32),
        GuestJson.requiredHex(reply, method, "public_key"),
        domain,
        algorithm,
        GuestJson.hexList(reply, method, "signature_chain"));
  }

  /**
   * Gets a versioned dstack attestation over report data with the v1 {@code Attest}.
   *
   * @param reportData at most 64 bytes, right-padded with zeros
   * @return the attestation bytes, in dstack's versioned format
   * @throws InvalidInputException if {@code reportData} is longer than 64 bytes
   */
  public byte[] attest(byte[] reportData) {
    DstackGuestClient.padReportData(reportData);
    String method = "v1/Attest";
    JsonNode reply =
        GuestJson.object(
            method,
            rpc.call(method, Map.of("report_data", Hex.encode(reportData)), true, false));
    return GuestJson.requiredHex(reply, method, "attestation");
  }

  /**
   * Reads the app's identity and configuration with the v1 {@code Info}.
   *
   * @return the typed info
   */
  public GuestInfoV1 info() {
    return GuestInfoV1.parse(rpc.call("v1/Info", Map.of(), true, false));
  }

  /**
   * Reads the agent version with the v1 {@code Version}; the cheapest v1 probe.
   *
   * @return the version
   */
  public GuestVersion version() {
    String method = "v1/Version";
    return DstackGuestClient.parseVersion(method, rpc.call(method, Map.of(), true, false));
  }

  /**
   * Issues a certificate for a freshly generated key with the v1 {@code IssueCert} (v0's {@code
   * GetTlsKey}).
   *
   * @param request the certificate contents
   * @return the PEM key (secret) and chain
   */
  public TlsKey issueCert(TlsKeyRequest request) {
    return DstackGuestClient.tlsKey(rpc, "v1/IssueCert", request);
  }

  @Override
  public String toString() {
    return "DstackGuestV1[" + rpc + "]";
  }
}

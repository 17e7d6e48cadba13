package io.phat4j.attestation.gpu.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.gpu.GpuEvidenceFormatException;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A compact JWS split into its parts, header and payload decoded. Only the decoding lives here;
 * signature policy (ES384, key by {@code kid}) is the caller's.
 *
 * @param compact the compact serialisation as received
 * @param header the decoded protected header
 * @param payload the decoded claims
 * @param signingInput the ASCII bytes {@code header.payload} the signature covers
 * @param signature the raw signature bytes
 */
public record Jws(String compact, JsonNode header, JsonNode payload, byte[] signingInput, byte[] signature) {
  /**
   * Splits and decodes a compact JWS.
   *
   * @param field the token name, for errors
   * @param compact the compact serialisation
   * @return the decoded token
   * @throws GpuEvidenceFormatException if it is not three base64url parts of JSON objects
   */
  public static Jws parse(String field, String compact) {
    String[] parts = compact.split("\\.", -1);
    if (parts.length != 3) {
      throw new GpuEvidenceFormatException(field, "a compact JWT has 3 parts, found " + parts.length, null);
    }
    JsonNode header = json(field + ".header", parts[0]);
    JsonNode payload = json(field + ".payload", parts[1]);
    byte[] sig = b64(field + ".signature", parts[2]);
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    return new Jws(compact, header, payload, input, sig);
  }

  private static JsonNode json(String field, String part) {
    JsonNode n = PhalaJson.readTree(field, b64(field, part));
    if (!n.isObject()) {
      throw new GpuEvidenceFormatException(field, "expected a JSON object", null);
    }
    return n;
  }

  private static byte[] b64(String field, String part) {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new GpuEvidenceFormatException(field, "not valid base64url", e);
    }
  }
}

package io.phat4j.attestation.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.json.PhalaJson;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reply of NVIDIA's remote attestation service ({@code POST /v3/attest/gpu}): the platform EAT
 * and one token per GPU, all compact JWTs. Parsing only splits the reply; {@link NrasVerifier}
 * checks it.
 *
 * @param platformToken the platform token (overall result, nonce, per-GPU digests)
 * @param gpuTokens the per-GPU tokens by submodule name ({@code GPU-0}, …), in reply order
 */
public record NrasResponse(String platformToken, Map<String, String> gpuTokens) {
  /** Copies the map, keeping its order. */
  public NrasResponse {
    gpuTokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gpuTokens));
  }

  /**
   * Parses the reply {@code [["JWT", <platform token>], {"GPU-0": <token>, …}]}.
   *
   * @param json the reply body
   * @return the tokens
   * @throws GpuEvidenceFormatException or {@link io.phat4j.core.DecodeException} on another shape
   */
  public static NrasResponse parse(String json) {
    JsonNode root = PhalaJson.readTree("nras_response", json);
    if (!root.isArray() || root.size() != 2) {
      throw new GpuEvidenceFormatException("nras_response", "expected a 2-element JSON array", null);
    }
    JsonNode platform = root.get(0);
    if (!platform.isArray() || platform.size() != 2 || !"JWT".equals(platform.get(0).asText())
        || !platform.get(1).isTextual()) {
      throw new GpuEvidenceFormatException("nras_response[0]", "expected [\"JWT\", token]", null);
    }
    JsonNode gpus = root.get(1);
    if (!gpus.isObject()) {
      throw new GpuEvidenceFormatException("nras_response[1]", "expected an object of GPU tokens", null);
    }
    Map<String, String> tokens = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = gpus.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new GpuEvidenceFormatException("nras_response[1]." + e.getKey(), "expected a token string", null);
      }
      tokens.put(e.getKey(), e.getValue().asText());
    }
    return new NrasResponse(platform.get(1).asText(), tokens);
  }
}

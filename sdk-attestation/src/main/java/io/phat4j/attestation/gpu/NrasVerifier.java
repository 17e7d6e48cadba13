package io.phat4j.attestation.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.gpu.internal.Jws;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.json.PhalaJson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies an NRAS reply offline against NVIDIA's JWKS: every token ES384-signed by a key the JWKS
 * names by {@code kid} (its {@code x5c[0]} certificate), the platform and GPU {@code eat_nonce}
 * equal to the caller's nonce, each GPU token's SHA-256 listed in the platform token's {@code
 * submods} (and nothing else listed), and no token expired.
 *
 * <p>Like NVIDIA's SDK, {@code iat}/{@code nbf} are not checked; {@code exp} is. Fetching the JWKS
 * ({@code https://nras.attestation.nvidia.com/.well-known/jwks.json}) is the caller's (online)
 * step. Instances are immutable and thread-safe.
 */
public final class NrasVerifier {
  private final Map<String, PublicKey> keys;
  private final Clock clock;

  private NrasVerifier(Map<String, PublicKey> keys, Clock clock) {
    this.keys = Map.copyOf(keys);
    this.clock = clock;
  }

  /**
   * Creates a verifier from a JWKS document.
   *
   * @param jwksJson the JWKS JSON ({@code {"keys":[{"kid":…, "x5c":[…]}]}})
   * @param clock the clock for {@code exp}
   * @return the verifier
   * @throws GpuEvidenceFormatException if the JWKS is malformed
   */
  public static NrasVerifier fromJwks(String jwksJson, Clock clock) {
    JsonNode root = PhalaJson.readTree("jwks", jwksJson);
    JsonNode list = root.get("keys");
    if (list == null || !list.isArray()) {
      throw new GpuEvidenceFormatException("jwks.keys", "missing or not an array", null);
    }
    Map<String, PublicKey> keys = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "jwks.keys[" + i + "]";
      JsonNode k = list.get(i);
      JsonNode kid = k.get("kid");
      JsonNode x5c = k.get("x5c");
      if (kid == null || !kid.isTextual() || x5c == null || !x5c.isArray() || x5c.isEmpty()
          || !x5c.get(0).isTextual()) {
        throw new GpuEvidenceFormatException(field, "needs a kid and an x5c certificate", null);
      }
      try {
        byte[] der = Base64.getDecoder().decode(x5c.get(0).asText());
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der));
        keys.put(kid.asText(), cert.getPublicKey());
      } catch (IllegalArgumentException | CertificateException e) {
        throw new GpuEvidenceFormatException(field + ".x5c[0]", "malformed certificate", e);
      }
    }
    return new NrasVerifier(keys, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Verifies an NRAS reply for the nonce the caller sent with the evidence.
   *
   * @param response the parsed reply
   * @param expectedNonce the nonce of the evidence NRAS judged
   * @return the verified verdict and claims
   * @throws NrasVerificationException if any check fails
   * @throws GpuEvidenceFormatException if a token is malformed
   */
  public NrasAttestation verify(NrasResponse response, Bytes32 expectedNonce) {
    Jws platform = Jws.parse("platform_token", response.platformToken());
    Map<String, Object> platformClaims = checked("platform token", platform, expectedNonce);
    JsonNode submods = platform.payload().get("submods");
    if (submods == null || !submods.isObject()) {
      throw new NrasVerificationException("platform token has no submods");
    }
    if (submods.size() != response.gpuTokens().size()) {
      throw new NrasVerificationException("platform token lists " + submods.size() + " submods, the reply has "
          + response.gpuTokens().size() + " GPU tokens");
    }
    Map<String, Map<String, Object>> gpus = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : response.gpuTokens().entrySet()) {
      String name = e.getKey();
      byte[] digest = sha256(e.getValue());
      JsonNode entry = submods.get(name);
      // Shape: ["DIGEST", ["SHA-256", "<hex>"]]
      if (entry == null || !entry.isArray() || entry.size() != 2 || !"DIGEST".equals(entry.get(0).asText())
          || !entry.get(1).isArray() || entry.get(1).size() != 2
          || !"SHA-256".equals(entry.get(1).get(0).asText())) {
        throw new NrasVerificationException("platform token has no SHA-256 digest for " + name);
      }
      byte[] listed = Hex.decode("submods." + name, entry.get(1).get(1).asText(), 32);
      if (!MessageDigest.isEqual(listed, digest)) {
        throw new NrasVerificationException(name + " token digest is not the one the platform token lists");
      }
      gpus.put(name, checked(name + " token", Jws.parse(name, e.getValue()), expectedNonce));
    }
    Object overall = platformClaims.get("x-nvidia-overall-att-result");
    return new NrasAttestation(Boolean.TRUE.equals(overall), platformClaims, gpus);
  }

  /**
   * Tells whether the JWKS this verifier was built from has a key with this id.
   *
   * @param kid the key id of a token header
   * @return true when the key is known
   */
  boolean knows(String kid) {
    return keys.containsKey(kid);
  }

  private Map<String, Object> checked(String what, Jws jws, Bytes32 expectedNonce) {
    JsonNode alg = jws.header().get("alg");
    if (alg == null || !"ES384".equals(alg.asText())) {
      throw new NrasVerificationException(what + " alg is " + alg + ", expected ES384");
    }
    JsonNode kid = jws.header().get("kid");
    PublicKey key = kid == null ? null : keys.get(kid.asText());
    if (key == null) {
      throw new NrasVerificationException(what + " kid " + kid + " is not in the JWKS");
    }
    if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 384) {
      throw new NrasVerificationException(what + " key " + kid.asText() + " is not a P-384 key");
    }
    try {
      Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
      s.initVerify(key);
      s.update(jws.signingInput());
      if (jws.signature().length != 96 || !s.verify(jws.signature())) {
        throw new NrasVerificationException(what + " ES384 signature does not verify");
      }
    } catch (GeneralSecurityException e) {
      throw new NrasVerificationException(what + " ES384 signature could not be checked: " + e.getMessage());
    }
    JsonNode nonce = jws.payload().get("eat_nonce");
    byte[] actual = nonce == null || !nonce.isTextual() ? new byte[0]
        : nonce.asText().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(actual, expectedNonce.hex().getBytes(StandardCharsets.US_ASCII))) {
      throw new NrasVerificationException(what + " eat_nonce " + nonce + " is not the expected nonce "
          + expectedNonce.hex());
    }
    JsonNode exp = jws.payload().get("exp");
    if (exp == null || !exp.canConvertToLong()) {
      throw new NrasVerificationException(what + " has no exp");
    }
    Instant expiry = Instant.ofEpochSecond(exp.asLong());
    if (!clock.instant().isBefore(expiry)) {
      throw new NrasVerificationException(what + " expired at " + expiry);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> claims = PhalaJson.convert(what, jws.payload(), Map.class);
    return claims;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}

package io.phat4j.attestation.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.json.PhalaJson;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NrasVerifierTest {
  private static final String SAMPLE = GpuSamples.text("/gpu/nras-sample/nras_sample_response.json");
  private static final Bytes32 SAMPLE_NONCE =
      Bytes32.fromHex("56f5c2c4f23fda73db0536276f39a266569e1517de34023817ce455a79efb6d7");
  private static final String KID = "phat4j-test-kid";
  /** Inside the sample tokens' one-hour validity (iat 1759774032, exp 1759777632). */
  private static final Clock DURING = Clock.fixed(Instant.ofEpochSecond(1759775000L), ZoneOffset.UTC);

  private static KeyPair key;
  private static KeyPair otherKey;
  private static String jwks;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    key = g.generateKeyPair();
    otherKey = g.generateKeyPair();
    var cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        new X500Name("CN=test NRAS"), BigInteger.ONE, new Date(0), new Date(4_000_000_000_000L),
        new X500Name("CN=test NRAS"), key.getPublic())
        .build(new JcaContentSignerBuilder("SHA384withECDSA").build(key.getPrivate())));
    jwks = "{\"keys\":[{\"kid\":\"" + KID + "\",\"kty\":\"EC\",\"x5c\":[\""
        + Base64.getEncoder().encodeToString(cert.getEncoded()) + "\"]}]}";
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static JsonNode claims(String compact) {
    return PhalaJson.readTree("t", Base64.getUrlDecoder().decode(compact.split("\\.")[1]));
  }

  /** Signs claims as NRAS does (ES384, raw r‖s), with the given key and header. */
  private static String sign(JsonNode claims, KeyPair signer, String alg) throws Exception {
    String header = b64(("{\"kid\":\"" + KID + "\",\"alg\":\"" + alg + "\"}").getBytes(StandardCharsets.UTF_8));
    String body = b64(claims.toString().getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
    s.initSign(signer.getPrivate());
    s.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
    return header + "." + body + "." + b64(s.sign());
  }

  /** Re-signs the real sample's claims with the test key, rebuilding the submods digest. */
  private static NrasResponse resigned(ObjectNode gpuClaims, KeyPair gpuSigner) throws Exception {
    NrasResponse real = NrasResponse.parse(SAMPLE);
    String gpu = sign(gpuClaims, gpuSigner, "ES384");
    ObjectNode platform = (ObjectNode) claims(real.platformToken());
    ArrayNode digest = (ArrayNode) platform.get("submods").get("GPU-0").get(1);
    digest.set(1, PhalaJson.readTree("t", "\"" + Hex.encode(
        MessageDigest.getInstance("SHA-256").digest(gpu.getBytes(StandardCharsets.US_ASCII))) + "\""));
    return new NrasResponse(sign(platform, key, "ES384"), Map.of("GPU-0", gpu));
  }

  private static ObjectNode sampleGpuClaims() {
    return (ObjectNode) claims(NrasResponse.parse(SAMPLE).gpuTokens().get("GPU-0"));
  }

  @Test
  void parse_realSample_submodsDigestIsSha256OfGpuToken() throws Exception {
    NrasResponse r = NrasResponse.parse(SAMPLE);

    assertThat(r.gpuTokens()).containsOnlyKeys("GPU-0");
    String listed = claims(r.platformToken()).get("submods").get("GPU-0").get(1).get(1).asText();
    byte[] actual = MessageDigest.getInstance("SHA-256")
        .digest(r.gpuTokens().get("GPU-0").getBytes(StandardCharsets.US_ASCII));
    assertThat(listed).isEqualTo(Hex.encode(actual));
  }

  @Test
  void verify_realSampleWithoutNvidiaJwks_failsOnUnknownKid() {
    NrasVerifier v = NrasVerifier.fromJwks(jwks, DURING);

    assertThatThrownBy(() -> v.verify(NrasResponse.parse(SAMPLE), SAMPLE_NONCE))
        .isInstanceOf(NrasVerificationException.class)
        .hasMessageContaining("kid")
        .hasMessageContaining("not in the JWKS");
  }

  @Test
  void verify_resignedSample_returnsVerdictAndClaims() throws Exception {
    NrasAttestation a = NrasVerifier.fromJwks(jwks, DURING).verify(resigned(sampleGpuClaims(), key), SAMPLE_NONCE);

    assertThat(a.overallResult()).isTrue();
    assertThat(a.gpuClaims().get("GPU-0"))
        .containsEntry("measres", "success")
        .containsEntry("x-nvidia-gpu-driver-version", "570.172.08")
        .containsEntry("ueid", "595950054503819673211404242389179792039583846068");
  }

  @Test
  void verify_wrongNonce_fails() throws Exception {
    NrasResponse r = resigned(sampleGpuClaims(), key);

    assertThatThrownBy(() -> NrasVerifier.fromJwks(jwks, DURING).verify(r, GpuSamples.NVTRUST_NONCE))
        .isInstanceOf(NrasVerificationException.class)
        .hasMessageContaining("eat_nonce")
        .hasMessageContaining("not the expected nonce");
  }

  @Test
  void verify_gpuTokenSignedByOtherKey_failsSignature() throws Exception {
    NrasResponse r = resigned(sampleGpuClaims(), otherKey);

    assertThatThrownBy(() -> NrasVerifier.fromJwks(jwks, DURING).verify(r, SAMPLE_NONCE))
        .isInstanceOf(NrasVerificationException.class)
        .hasMessageContaining("GPU-0 token ES384 signature does not verify");
  }

  @Test
  void verify_gpuTokenReplaced_failsSubmodsDigest() throws Exception {
    NrasResponse good = resigned(sampleGpuClaims(), key);
    ObjectNode changed = sampleGpuClaims();
    changed.put("measres", "success");
    changed.put("x-nvidia-gpu-driver-version", "999.99");
    NrasResponse swapped = new NrasResponse(good.platformToken(), Map.of("GPU-0", sign(changed, key, "ES384")));

    assertThatThrownBy(() -> NrasVerifier.fromJwks(jwks, DURING).verify(swapped, SAMPLE_NONCE))
        .isInstanceOf(NrasVerificationException.class)
        .hasMessageContaining("digest is not the one the platform token lists");
  }

  @Test
  void verify_afterExp_fails() throws Exception {
    NrasResponse r = resigned(sampleGpuClaims(), key);

    assertThatThrownBy(() -> NrasVerifier.fromJwks(jwks, GpuSamples.TODAY).verify(r, SAMPLE_NONCE))
        .isInstanceOf(NrasVerificationException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void verify_algNotEs384_rejected() throws Exception {
    NrasResponse good = resigned(sampleGpuClaims(), key);
    String platform = sign(claims(good.platformToken()), key, "none");
    NrasResponse r = new NrasResponse(platform, good.gpuTokens());

    assertThatThrownBy(() -> NrasVerifier.fromJwks(jwks, DURING).verify(r, SAMPLE_NONCE))
        .isInstanceOf(NrasVerificationException.class)
        .hasMessageContaining("expected ES384");
  }

  @Test
  void requireSameGpus_ueidIsNotLeafSerial_fails() throws Exception {
    NrasAttestation a = NrasVerifier.fromJwks(jwks, DURING).verify(resigned(sampleGpuClaims(), key), SAMPLE_NONCE);
    NvidiaPayload phala = GpuSamples.phalaPayload();

    assertThatThrownBy(() -> a.requireSameGpus(phala))
        .isInstanceOf(NrasVerificationException.class)
        .hasMessageContaining("GPU-0 ueid 595950054503819673211404242389179792039583846068")
        .hasMessageContaining("is not the leaf certificate serial");
  }

  @Test
  void requireSameGpus_ueidIsLeafSerial_passes() throws Exception {
    NvidiaPayload phala = GpuSamples.phalaPayload();
    ObjectNode c = sampleGpuClaims();
    c.put("ueid", phala.evidence().get(0).certificateChain().get(0).getSerialNumber().toString());
    NrasAttestation a = NrasVerifier.fromJwks(jwks, DURING).verify(resigned(c, key), SAMPLE_NONCE);

    a.requireSameGpus(phala);
    assertThat(a.gpuClaims()).containsOnlyKeys("GPU-0");
  }

  @Test
  void parse_notAnArray_throwsFormatException() {
    assertThatThrownBy(() -> NrasResponse.parse("{\"a\":1}"))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("nras_response");
  }

  @Test
  void verify_tokenNotThreeParts_throwsFormatException() throws Exception {
    NrasResponse good = resigned(sampleGpuClaims(), key);
    NrasResponse r = new NrasResponse("abc.def", good.gpuTokens());

    assertThatThrownBy(() -> NrasVerifier.fromJwks(jwks, DURING).verify(r, SAMPLE_NONCE))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("platform_token")
        .hasMessageContaining("3 parts");
  }

  @Test
  void fromJwks_keyWithoutX5c_throwsFormatException() {
    assertThatThrownBy(() -> NrasVerifier.fromJwks("{\"keys\":[{\"kid\":\"a\"}]}", DURING))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("jwks.keys[0]");
  }
}

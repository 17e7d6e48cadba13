package io.phat4j.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.Hex;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * NRAS over loopback for the AI flow: publishes a test JWKS and answers {@code /v3/attest/gpu} with
 * ES384 tokens for the posted nonce and each posted chain's leaf serial (the real service's shape).
 */
final class NrasStub extends Dispatcher {
  private static final String KID = "phat4j-ai-test-kid";
  private final KeyPair key = p384();
  private final Instant now;
  volatile boolean verdict = true;
  volatile KeyPair signWith = key;

  NrasStub(Instant now) {
    this.now = now;
  }

  static KeyPair p384() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      String body = switch (request.getTarget()) {
        case "/.well-known/jwks.json" -> jwks();
        case "/v3/attest/gpu" -> reply(AiSamples.JSON.readTree(request.getBody().toByteArray()));
        default -> null;
      };
      return new MockResponse.Builder().code(body == null ? 404 : 200)
          .addHeader("Content-Type", "application/json").body(body == null ? "{}" : body).build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String jwks() throws Exception {
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        new X500Name("CN=test NRAS"), BigInteger.TWO, Date.from(Instant.parse("2020-01-01T00:00:00Z")),
        Date.from(Instant.parse("2099-01-01T00:00:00Z")), new X500Name("CN=test NRAS"), key.getPublic())
        .build(new JcaContentSignerBuilder("SHA384withECDSA").build(key.getPrivate())));
    return "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"" + KID + "\",\"x5c\":[\""
        + Base64.getEncoder().encodeToString(cert.getEncoded()) + "\"]}]}";
  }

  private String reply(JsonNode body) throws Exception {
    String nonce = body.get("nonce").asText();
    long exp = now.getEpochSecond() + 3600;
    ObjectNode gpus = JsonNodeFactory.instance.objectNode();
    ObjectNode submods = JsonNodeFactory.instance.objectNode();
    JsonNode list = body.get("evidence_list");
    for (int i = 0; i < list.size(); i++) {
      byte[] pem = Base64.getDecoder().decode(list.get(i).get("certificate").asText());
      X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem));
      ObjectNode claims = JsonNodeFactory.instance.objectNode()
          .put("eat_nonce", nonce).put("exp", exp).put("ueid", leaf.getSerialNumber().toString())
          .put("measres", verdict ? "success" : "fail");
      String token = sign(claims);
      gpus.put("GPU-" + i, token);
      ArrayNode digest = submods.putArray("GPU-" + i);
      digest.add("DIGEST");
      digest.addArray().add("SHA-256").add(Hex.encode(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII))));
    }
    ObjectNode platform = JsonNodeFactory.instance.objectNode()
        .put("eat_nonce", nonce).put("exp", exp).put("x-nvidia-overall-att-result", verdict);
    platform.set("submods", submods);
    ArrayNode reply = JsonNodeFactory.instance.arrayNode();
    reply.addArray().add("JWT").add(sign(platform));
    reply.add(gpus);
    return reply.toString();
  }

  private String sign(JsonNode claims) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString(("{\"kid\":\"" + KID + "\",\"alg\":\"ES384\"}").getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
    s.initSign(signWith.getPrivate());
    s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + b64.encodeToString(s.sign());
  }
}

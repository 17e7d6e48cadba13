package io.phat4j.attestation.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.Hex;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * NRAS over loopback: {@code POST /v3/attest/gpu} judges nothing but answers like NRAS does, with
 * the real sample's claims re-signed (ES384) by a test key for the posted nonce and each posted
 * chain's leaf serial; {@code GET /.well-known/jwks.json} publishes the test key.
 */
final class FakeNras extends Dispatcher {
  private static final String SAMPLE = GpuSamples.text("/gpu/nras-sample/nras_sample_response.json");

  final Clock clock;
  volatile KeyPair key = TestGpuPki.p384();
  volatile String kid = "phat4j-test-kid-1";
  volatile KeyPair signWith;
  volatile int attestStatus = 200;
  volatile int jwksStatus = 200;
  volatile String rawReply;
  volatile UnaryOperator<ObjectNode> editGpuClaims = c -> c;
  final CopyOnWriteArrayList<RecordedRequest> attests = new CopyOnWriteArrayList<>();
  final CopyOnWriteArrayList<RecordedRequest> jwksFetches = new CopyOnWriteArrayList<>();

  FakeNras(Clock clock) {
    this.clock = clock;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      if (request.getTarget().equals("/.well-known/jwks.json")) {
        jwksFetches.add(request);
        return json(jwksStatus, jwks());
      }
      if (request.getTarget().equals("/v3/attest/gpu") && request.getMethod().equals("POST")) {
        attests.add(request);
        if (attestStatus != 200) {
          return json(attestStatus, "{\"errorCode\":\"BAD_REQUEST\"}");
        }
        return json(200, rawReply != null ? rawReply : reply(PhalaJson.readTree("body", request.getBody().toByteArray())));
      }
      return json(404, "{}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  String jwks() throws Exception {
    // A self-signed certificate for the current key: the JWKS x5c[0] NRAS publishes.
    X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
            new org.bouncycastle.asn1.x500.X500Name("CN=test NRAS"), java.math.BigInteger.TEN,
            java.util.Date.from(TestGpuPki.NOT_BEFORE), java.util.Date.from(TestGpuPki.NOT_AFTER),
            new org.bouncycastle.asn1.x500.X500Name("CN=test NRAS"), key.getPublic())
            .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA384withECDSA")
                .build(key.getPrivate())));
    return "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"" + kid + "\",\"x5c\":[\""
        + Base64.getEncoder().encodeToString(cert.getEncoded()) + "\"]}]}";
  }

  private String reply(JsonNode body) throws Exception {
    NrasResponse sample = NrasResponse.parse(SAMPLE);
    String nonce = body.get("nonce").asText();
    long now = clock.instant().getEpochSecond();
    ObjectNode gpus = JsonNodeFactory.instance.objectNode();
    ObjectNode submods = JsonNodeFactory.instance.objectNode();
    JsonNode list = body.get("evidence_list");
    for (int i = 0; i < list.size(); i++) {
      byte[] pem = Base64.getDecoder().decode(list.get(i).get("certificate").asText());
      List<X509Certificate> chain = NvidiaPayload.certificates("chain", pem);
      ObjectNode claims = (ObjectNode) claims(sample.gpuTokens().get("GPU-0"));
      claims.put("eat_nonce", nonce).put("ueid", chain.get(0).getSerialNumber().toString())
          .put("iat", now).put("nbf", now).put("exp", now + 3600);
      String token = sign(editGpuClaims.apply(claims));
      gpus.put("GPU-" + i, token);
      ArrayNode digest = submods.putArray("GPU-" + i);
      digest.add("DIGEST");
      digest.addArray().add("SHA-256").add(Hex.encode(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.US_ASCII))));
    }
    ObjectNode platform = (ObjectNode) claims(sample.platformToken());
    platform.put("eat_nonce", nonce).put("iat", now).put("nbf", now).put("exp", now + 3600);
    platform.set("submods", submods);
    ArrayNode reply = JsonNodeFactory.instance.arrayNode();
    reply.addArray().add("JWT").add(sign(platform));
    reply.add(gpus);
    return reply.toString();
  }

  private static JsonNode claims(String compact) {
    return PhalaJson.readTree("t", Base64.getUrlDecoder().decode(compact.split("\\.")[1]));
  }

  private String sign(JsonNode claims) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString(("{\"kid\":\"" + kid + "\",\"alg\":\"ES384\"}").getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
    s.initSign((signWith != null ? signWith : key).getPrivate());
    s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + b64.encodeToString(s.sign());
  }
}

package io.phat4j.attestation.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.MutableClock;
import io.phat4j.core.Bytes32;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import io.phat4j.core.json.PhalaJson;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NrasClientTest {
  /** The caller's nonce: deliberately not the payload's own nonce field. */
  private static final Bytes32 CALLER_NONCE =
      Bytes32.fromHex("1111111111111111111111111111111111111111111111111111111111111111");

  private final MockWebServer server = new MockWebServer();
  private final MutableClock clock = new MutableClock(GpuSamples.TODAY.instant());
  private final FakeNras nras = new FakeNras(clock);
  private HttpTransport transport;
  private NrasClient client;
  private final NvidiaPayload payload = GpuSamples.phalaPayload();

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(nras);
    server.start();
    transport = HttpTransport.builder().retryPolicy(RetryPolicy.none()).build();
    client = NrasClient.builder().baseUrl(URI.create(server.url("/").toString())).transport(transport)
        .clock(clock).serviceKey(SecretString.of("nras-key-42")).build();
  }

  @AfterEach
  void stop() {
    client.close();
    transport.close();
    server.close();
  }

  @Test
  void attest_postsSdkShapedBodyWithCallerNonce_andVerifiesTheTokens() {
    NrasAttestation a = client.attest(payload, CALLER_NONCE);

    assertThat(a.overallResult()).isTrue();
    assertThat(a.gpuClaims().get("GPU-0"))
        .containsEntry("measres", "success")
        .containsEntry("eat_nonce", CALLER_NONCE.hex())
        .containsEntry("ueid", payload.evidence().get(0).certificateChain().get(0).getSerialNumber().toString());
    var sent = nras.attests.get(0);
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer nras-key-42");
    assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = PhalaJson.readTree("body", sent.getBody().toByteArray());
    assertThat(body.get("nonce").asText()).isEqualTo(CALLER_NONCE.hex()).isNotEqualTo(payload.nonce().hex());
    assertThat(body.get("arch").asText()).isEqualTo("HOPPER");
    assertThat(body.get("claims_version").asText()).isEqualTo("2.0");
    JsonNode entry = body.get("evidence_list").get(0);
    assertThat(Base64.getDecoder().decode(entry.get("evidence").asText())).isEqualTo(payload.evidence().get(0).report());
    assertThat(NvidiaPayload.certificates("c", Base64.getDecoder().decode(entry.get("certificate").asText())))
        .isEqualTo(payload.evidence().get(0).certificateChain());
  }

  @Test
  void attest_reusesTheJwks_untilItIsOlderThanTheMaxAge() {
    client.attest(payload, CALLER_NONCE);
    client.attest(payload, CALLER_NONCE);
    assertThat(nras.jwksFetches).hasSize(1);

    clock.set(clock.instant().plus(Duration.ofHours(2)));
    client.attest(payload, CALLER_NONCE);
    assertThat(nras.jwksFetches).hasSize(2);
  }

  @Test
  void attest_afterKeyRotation_fetchesTheJwksAgainAndVerifies() {
    client.attest(payload, CALLER_NONCE);
    nras.key = TestGpuPki.p384();
    nras.kid = "phat4j-test-kid-2";

    assertThat(client.attest(payload, CALLER_NONCE).overallResult()).isTrue();
    assertThat(nras.jwksFetches).hasSize(2);
  }

  @Test
  void attest_tokenSignedByAnotherKey_fails() {
    nras.signWith = TestGpuPki.p384();

    assertThatThrownBy(() -> client.attest(payload, CALLER_NONCE))
        .isInstanceOf(NrasVerificationException.class)
        .hasMessageContaining("signature does not verify");
  }

  @Test
  void attest_gpuTokenForAnotherNonce_fails() {
    nras.editGpuClaims = c -> c.put("eat_nonce", payload.nonce().hex());

    assertThatThrownBy(() -> client.attest(payload, CALLER_NONCE))
        .isInstanceOf(NrasVerificationException.class)
        .hasMessageContaining("eat_nonce");
  }

  @Test
  void attest_gpuTokenForAnotherGpu_fails() {
    nras.editGpuClaims = c -> c.put("ueid", "12345");

    assertThatThrownBy(() -> client.attest(payload, CALLER_NONCE))
        .isInstanceOf(NrasVerificationException.class)
        .hasMessageContaining("ueid 12345");
  }

  @Test
  void attest_httpErrors_areServiceExceptions() {
    nras.attestStatus = 400;
    assertThatThrownBy(() -> client.attest(payload, CALLER_NONCE))
        .isInstanceOfSatisfying(NvidiaServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(400));

    nras.attestStatus = 200;
    nras.jwksStatus = 502;
    assertThatThrownBy(() -> client.attest(payload, CALLER_NONCE))
        .isInstanceOfSatisfying(NvidiaServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(502);
          assertThat(e.getMessage()).contains("jwks");
        });
  }

  @Test
  void attest_malformedReply_isFormatError() {
    nras.rawReply = "{\"not\":\"a list\"}";

    assertThatThrownBy(() -> client.attest(payload, CALLER_NONCE)).isInstanceOf(GpuEvidenceFormatException.class);
  }

  @Test
  void submit_returnsTheUnverifiedReply() {
    NrasResponse r = client.submit(payload, CALLER_NONCE);

    assertThat(r.gpuTokens()).containsOnlyKeys("GPU-0");
    assertThat(nras.jwksFetches).isEmpty();
  }
}

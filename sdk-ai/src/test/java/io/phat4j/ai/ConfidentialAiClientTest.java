package io.phat4j.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.gpu.CheckStatus;
import io.phat4j.attestation.gpu.GpuEvidenceVerifier;
import io.phat4j.core.Bytes32;
import io.phat4j.core.PhalaServiceException;
import io.phat4j.core.SecretString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

class ConfidentialAiClientTest {
  private static final String KEY = "sk-test-secret-4242";
  private static final byte[] REQUEST =
      "{\"model\":\"phala/m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
  private static final String COMPLETION = "{\"id\":\"chatcmpl-42\",\"object\":\"chat.completion\",\"choices\":[]}";
  private static final AiReportVerifier VERIFIER = AiReportVerifier.builder()
      .gpuVerifier(GpuEvidenceVerifier.builder()
          .clock(Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC)).build())
      .build();

  private final MockWebServer server = new MockWebServer();
  private ConfidentialAiClient client;
  private final ECKeyPair signer = ResponseSignatureTest.ecKey();

  /** Always returns the PAV quote's nonce, so the test can serve a report bound to it. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    @Override
    public void nextBytes(byte[] bytes) {
      byte[] n = Bytes32.fromHex(AiSamples.PAV_NONCE).toByteArray();
      System.arraycopy(n, 0, bytes, 0, bytes.length);
    }
  }

  @BeforeEach
  void start() throws IOException {
    server.start();
    client = ConfidentialAiClient.builder().baseUrl(server.url("/v1").toString())
        .apiKey(SecretString.of(KEY)).random(new FixedRandom()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private void enqueue(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build());
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    return r;
  }

  private String signatureJson(String text, ECKeyPair key) {
    return "{\"text\":\"" + text + "\",\"signature\":\"" + ResponseSignatureTest.personalSign(text, key)
        + "\",\"signing_address\":\"" + ResponseSignatureTest.address(key) + "\",\"signing_algo\":\"ecdsa\"}";
  }

  /** A report for the test signer carrying the real PAV quote (which binds another key). */
  private String reportFor(ECKeyPair key) throws IOException {
    ObjectNode r = AiSamples.report(ResponseSignatureTest.address(key), "ecdsa", AiSamples.PAV_NONCE,
        AiSamples.text("intel_quote.hex"));
    return AiSamples.JSON.writeValueAsString(r);
  }

  private static CheckStatus status(AiReportVerification v, String link) {
    return v.link(link).orElseThrow().status();
  }

  @Test
  void chatCompletion_signatureAndFreshReport_everyLinkReported() throws Exception {
    enqueue(200, COMPLETION);
    ChatExchange chat = client.chatCompletion(REQUEST);
    RecordedRequest sent = take();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getTarget()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getBody().toByteArray()).isEqualTo(REQUEST);
    assertThat(chat.id()).isEqualTo("chatcmpl-42");
    assertThat(chat.response()).isEqualTo(COMPLETION.getBytes(StandardCharsets.UTF_8));

    enqueue(200, signatureJson(SignedText.of(REQUEST, chat.response()).text(), signer));
    ResponseSignature sig = client.signature(chat.id(), "phala/m", SigningAlgorithm.ECDSA);
    assertThat(take().getTarget()).isEqualTo("/v1/signature/chatcmpl-42?model=phala%2Fm&signing_algo=ecdsa");

    enqueue(200, reportFor(signer));
    FetchedReport fresh = client.attestationReport("phala/m", SigningAlgorithm.ECDSA);
    assertThat(take().getTarget()).isEqualTo(
        "/v1/attestation/report?model=phala%2Fm&nonce=" + AiSamples.PAV_NONCE + "&signing_algo=ecdsa");
    assertThat(fresh.nonce().hex()).isEqualTo(AiSamples.PAV_NONCE);

    AiReportVerification v = VERIFIER.verifyResponse(chat, sig, fresh, null, Instant.now());

    assertThat(status(v, AiReportVerifier.RESPONSE_SIGNATURE)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.SIGNED_TEXT)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.REPORT_FOR_SIGNER)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.REQUEST_NONCE)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.TDX_QUOTE)).isEqualTo(CheckStatus.NOT_RUN);
    // The real quote binds its own key, not the one this test made: the binding link catches it.
    assertThat(status(v, AiReportVerifier.REPORT_DATA_BINDING)).isEqualTo(CheckStatus.FAILED);
    assertThat(status(v, AiReportVerifier.GPU_EVIDENCE)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.ok()).isFalse();
  }

  @Test
  void chatCompletionStream_linesKeptAndHashedAsSigned() throws Exception {
    String sse = "data: {\"id\":\"chatcmpl-s1\",\"choices\":[{\"delta\":{\"content\":\"he\"}}]}\n\n"
        + "data: {\"id\":\"chatcmpl-s1\",\"choices\":[{\"delta\":{\"content\":\"llo\"}}]}\n\n"
        + "data: [DONE]\n\n";
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(sse).build());

    ChatExchange chat = client.chatCompletionStream(REQUEST);

    RecordedRequest sent = take();
    assertThat(sent.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    assertThat(chat.id()).isEqualTo("chatcmpl-s1");
    assertThat(chat.lines()).hasSize(6).contains("data: [DONE]", "");
    assertThat(new String(chat.response(), StandardCharsets.UTF_8)).isEqualTo(sse);
    assertThat(chat.matches(SignedText.of(REQUEST, sse.getBytes(StandardCharsets.UTF_8)))).isTrue();
  }

  @Test
  void verifyResponse_responseTamperedAfterSigning_signedTextFails() throws Exception {
    enqueue(200, COMPLETION);
    ChatExchange chat = client.chatCompletion(REQUEST);
    String signedText = SignedText.of(REQUEST, "{\"id\":\"chatcmpl-42\",\"other\":1}".getBytes(StandardCharsets.UTF_8)).text();
    ResponseSignature sig = ResponseSignature.fromJson(signatureJson(signedText, signer).getBytes(StandardCharsets.UTF_8));
    FetchedReport fresh = new FetchedReport(Bytes32.fromHex(AiSamples.PAV_NONCE),
        reportFor(signer).getBytes(StandardCharsets.UTF_8),
        AttestationReport.parse(reportFor(signer).getBytes(StandardCharsets.UTF_8)));

    AiReportVerification v = VERIFIER.verifyResponse(chat, sig, fresh, null, Instant.now());

    assertThat(status(v, AiReportVerifier.RESPONSE_SIGNATURE)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.SIGNED_TEXT)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.ok()).isFalse();
  }

  @Test
  void verifyResponse_signatureByKeyNotInReport_reportForSignerFails() throws Exception {
    ECKeyPair other = ResponseSignatureTest.ecKey();
    ChatExchange chat = new ChatExchange("c", REQUEST, COMPLETION.getBytes(StandardCharsets.UTF_8), java.util.List.of());
    ResponseSignature sig = ResponseSignature.fromJson(
        signatureJson(SignedText.of(REQUEST, chat.response()).text(), other).getBytes(StandardCharsets.UTF_8));
    byte[] body = reportFor(signer).getBytes(StandardCharsets.UTF_8);
    FetchedReport fresh = new FetchedReport(Bytes32.fromHex(AiSamples.PAV_NONCE), body, AttestationReport.parse(body));

    AiReportVerification v = VERIFIER.verifyResponse(chat, sig, fresh, null, Instant.now());

    assertThat(status(v, AiReportVerifier.RESPONSE_SIGNATURE)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.REPORT_FOR_SIGNER)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.link(AiReportVerifier.REPORT_FOR_SIGNER).orElseThrow().detail()).contains("no entry for");
    assertThat(v.ok()).isFalse();
  }

  @Test
  void verifyResponse_forgedSignature_responseSignatureFails() throws Exception {
    ChatExchange chat = new ChatExchange("c", REQUEST, COMPLETION.getBytes(StandardCharsets.UTF_8), java.util.List.of());
    String text = SignedText.of(REQUEST, chat.response()).text();
    // Signed by another key but claiming the test signer's address.
    ResponseSignature sig = new ResponseSignature(text,
        ResponseSignatureTest.personalSign(text, ResponseSignatureTest.ecKey()),
        ResponseSignatureTest.address(signer), SigningAlgorithm.ECDSA);
    byte[] body = reportFor(signer).getBytes(StandardCharsets.UTF_8);

    AiReportVerification v = VERIFIER.verifyResponse(chat, sig,
        new FetchedReport(Bytes32.fromHex(AiSamples.PAV_NONCE), body, AttestationReport.parse(body)), null, Instant.now());

    assertThat(status(v, AiReportVerifier.RESPONSE_SIGNATURE)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.ok()).isFalse();
  }

  @Test
  void signature_unknownChatId_throwsServiceExceptionWith404() {
    enqueue(404, "{\"detail\":\"Chat id not found or expired\"}");

    assertThatThrownBy(() -> client.signature("nope", "m", SigningAlgorithm.ED25519))
        .isInstanceOf(PhalaServiceException.class).hasMessageContaining("signature failed").hasMessageContaining("404");
  }

  @Test
  void models_catalogue_readsIdsProvidersAndAppId() throws Exception {
    enqueue(200, "{\"data\":[{\"id\":\"phala/deepseek\",\"providers\":[\"phala\"],\"metadata\":{\"appid\":\"abc\"}},"
        + "{\"id\":\"x/y\"}]}");

    assertThat(client.models()).containsExactly(
        new ModelInfo("phala/deepseek", java.util.List.of("phala"), "abc"),
        new ModelInfo("x/y", java.util.List.of(), null));
    assertThat(take().getTarget()).isEqualTo("/v1/models");
  }

  @Test
  void attestationReport_defaultRandom_freshNonceSentAndKept() throws Exception {
    try (ConfidentialAiClient fresh = ConfidentialAiClient.builder().baseUrl(server.url("/v1").toString()).build()) {
      enqueue(200, reportFor(signer));
      enqueue(200, reportFor(signer));

      FetchedReport a = fresh.attestationReport("m", SigningAlgorithm.ECDSA);
      FetchedReport b = fresh.attestationReport("m", SigningAlgorithm.ECDSA);

      assertThat(a.nonce()).isNotEqualTo(b.nonce());
      assertThat(server.takeRequest().getTarget()).contains("nonce=" + a.nonce().hex());
      assertThat(server.takeRequest().getTarget()).contains("nonce=" + b.nonce().hex());
    }
  }

  @Test
  void toString_neverShowsApiKey() {
    assertThat(client.toString()).doesNotContain(KEY);
  }
}

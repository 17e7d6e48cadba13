package io.phat4j.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.gpu.CheckStatus;
import io.phat4j.attestation.gpu.GpuEvidenceVerifier;
import io.phat4j.attestation.gpu.NrasClient;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.SecretString;
import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.DcapTestVector;
import io.phat4j.testkit.TdReportSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.ECKeyPair;

/**
 * The whole client flow over loopback HTTP with every link passing, then with each link broken.
 *
 * <p>No public capture has a TDX quote, a key binding and GPU evidence that all agree on one
 * nonce, so the TD side is made here: a TDX quote signed under the testkit's DCAP PKI whose
 * report_data binds a key this test holds to the nonce of the real Phala GPU evidence. The GPU
 * side is that real evidence, unchanged.
 */
@Timeout(60)
class ConfidentialAiEndToEndTest {
  private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");
  private static final String GPU_NONCE = AiSamples.GPU_NONCE;
  private static final byte[] REQUEST =
      "{\"model\":\"phala/m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
  private static final String COMPLETION = "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion\",\"choices\":[]}";

  private static DcapTestPki pki;
  private static final ECKeyPair SIGNER = ResponseSignatureTest.ecKey();

  private final MockWebServer server = new MockWebServer();
  private ConfidentialAiClient client;

  @BeforeAll
  static void pki() {
    pki = DcapTestPki.builder().seed("phat4j-ai-end-to-end").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  @BeforeEach
  void start() throws IOException {
    server.start();
    client = ConfidentialAiClient.builder().baseUrl(server.url("/v1").toString())
        .apiKey(SecretString.of("sk-e2e")).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  /** What the fake service serves; each broken case changes one thing. */
  private record Scenario(
      String name,
      String signedResponse,
      String servedResponse,
      ECKeyPair signatureKey,
      String reportAddress,
      String boundAddress,
      String reportNonce,
      String boundNonce,
      boolean flipQuoteByte,
      boolean otherTrustAnchor,
      UnaryOperator<ObjectNode> reportEdit) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Scenario honest() {
    String me = ResponseSignatureTest.address(SIGNER);
    return new Scenario("honest", COMPLETION, COMPLETION, SIGNER, me, me, GPU_NONCE, GPU_NONCE, false, false, r -> r);
  }

  private AiReportVerification run(Scenario s) throws Exception {
    return run(s, null);
  }

  private AiReportVerification run(Scenario s, @Nullable NrasClient nras) throws Exception {
    return run(s, nras, AiVerificationPolicy.defaults());
  }

  private AiReportVerification run(Scenario s, @Nullable NrasClient nras, AiVerificationPolicy policy)
      throws Exception {
    byte[] reportData = ReportDataBinding.v1(SigningAlgorithm.ECDSA, s.boundAddress(), Bytes32.fromHex(s.boundNonce()));
    DcapTestVector quote = DcapTestVector.tdxV4(pki).tdReport(TdReportSpec.builder().reportData(reportData).build()).build();
    byte[] quoteBytes = quote.quote();
    if (s.flipQuoteByte()) {
      quoteBytes[quoteBytes.length - 200] ^= 0x01;
    }
    ObjectNode report = AiSamples.report(s.reportAddress(), "ecdsa", s.reportNonce(), Hex.encode(quoteBytes));
    report.remove("event_log");
    report = s.reportEdit().apply(report);
    String text = SignedText.of(REQUEST, s.signedResponse().getBytes(StandardCharsets.UTF_8)).text();

    json(s.servedResponse());
    json("{\"text\":\"" + text + "\",\"signature\":\"" + ResponseSignatureTest.personalSign(text, s.signatureKey())
        + "\",\"signing_address\":\"" + ResponseSignatureTest.address(SIGNER) + "\",\"signing_algo\":\"ecdsa\"}");
    json(AiSamples.JSON.writeValueAsString(report));

    ChatExchange chat = client.chatCompletion(REQUEST);
    ResponseSignature signature = client.signature(chat.id(), "phala/m", SigningAlgorithm.ECDSA);
    FetchedReport fresh = client.attestationReport("phala/m", SigningAlgorithm.ECDSA, Bytes32.fromHex(GPU_NONCE), null);
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo("/v1/chat/completions");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).startsWith("/v1/signature/chatcmpl-7");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).contains("nonce=" + GPU_NONCE);

    byte[] anchor = s.otherTrustAnchor()
        ? DcapTestPki.builder().seed("someone else").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build().rootCaDer()
        : pki.rootCaDer();
    AiReportVerifier.Builder builder = AiReportVerifier.builder()
        .quoteVerifier(QuoteVerifier.builder().trustAnchor(anchor).build())
        .gpuVerifier(GpuEvidenceVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build())
        .policy(policy);
    if (nras != null) {
      builder.nrasClient(nras);
    }
    AiReportVerifier verifier = builder.build();
    QuoteCollateral collateral = QuoteCollateral.fromJson(quote.collateral().toJson());
    return verifier.verifyResponse(chat, signature, fresh, collateral, quote.time());
  }

  private void json(String body) {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build());
  }

  @Test
  void verifyResponse_honestService_everyLinkPasses() throws Exception {
    AiReportVerification v = run(honest());

    assertThat(v.failures()).as(v.links().toString()).isEmpty();
    assertThat(v.ok()).isTrue();
    for (String link : List.of(AiReportVerifier.RESPONSE_SIGNATURE, AiReportVerifier.SIGNED_TEXT,
        AiReportVerifier.REPORT_FOR_SIGNER, AiReportVerifier.REQUEST_NONCE, AiReportVerifier.TDX_QUOTE,
        AiReportVerifier.REPORT_DATA_BINDING, AiReportVerifier.GPU_EVIDENCE_PRESENT, AiReportVerifier.GPU_EVIDENCE)) {
      assertThat(v.link(link).orElseThrow().status()).as(link).isEqualTo(CheckStatus.PASSED);
    }
    // Offline, the report says NRAS was not asked, and why.
    assertThat(v.link(AiReportVerifier.GPU_NRAS).orElseThrow().status()).isEqualTo(CheckStatus.NOT_RUN);
    assertThat(v.link(AiReportVerifier.GPU_NRAS).orElseThrow().detail()).contains("not enabled");
  }

  @Test
  void verifyResponse_policyRequiresNrasButNoneEnabled_notOk() throws Exception {
    AiReportVerification v = run(honest(), null, AiVerificationPolicy.defaults().withNrasRequired(true));

    assertThat(v.failures()).isEmpty();
    assertThat(v.link(AiReportVerifier.GPU_NRAS).orElseThrow().status()).isEqualTo(CheckStatus.NOT_RUN);
    assertThat(v.ok()).isFalse();
  }

  @Test
  void verifyResponse_policyRequiresNras_nrasFailureFatalEvenWhenGpuFailuresAreNot() throws Exception {
    NrasStub stub = new NrasStub(NOW);
    stub.verdict = false;
    AiVerificationPolicy lenientGpu = AiVerificationPolicy.defaults().withGpuFailureFatal(false);

    assertThat(runWithNras(stub, lenientGpu).ok()).isTrue();
    assertThat(runWithNras(stub, lenientGpu.withNrasRequired(true)).ok()).isFalse();
  }

  private AiReportVerification runWithNras(NrasStub stub) throws Exception {
    return runWithNras(stub, AiVerificationPolicy.defaults());
  }

  private AiReportVerification runWithNras(NrasStub stub, AiVerificationPolicy policy) throws Exception {
    try (MockWebServer nrasServer = new MockWebServer()) {
      nrasServer.setDispatcher(stub);
      nrasServer.start();
      try (NrasClient nras = NrasClient.builder().baseUrl(URI.create(nrasServer.url("/").toString()))
          .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
        return run(honest(), nras, policy);
      }
    }
  }

  @Test
  void verifyResponse_withNras_nrasLinkPassesForTheCallersNonce() throws Exception {
    AiReportVerification v = runWithNras(new NrasStub(NOW));

    VerificationLink link = v.link(AiReportVerifier.GPU_NRAS).orElseThrow();
    assertThat(link.status()).as(link.detail()).isEqualTo(CheckStatus.PASSED);
    assertThat(link.detail()).contains("1 GPU(s)");
    assertThat(v.ok()).isTrue();
  }

  @Test
  void verifyResponse_nrasVerdictFalse_nrasLinkFailsAndResultIsNotOk() throws Exception {
    NrasStub stub = new NrasStub(NOW);
    stub.verdict = false;

    AiReportVerification v = runWithNras(stub);

    assertThat(v.link(AiReportVerifier.GPU_NRAS).orElseThrow().status()).isEqualTo(CheckStatus.FAILED);
    assertThat(v.link(AiReportVerifier.GPU_NRAS).orElseThrow().detail()).contains("measres=fail");
    assertThat(v.ok()).isFalse();
  }

  @Test
  void verifyResponse_nrasTokensNotSignedByTheJwksKey_nrasLinkFails() throws Exception {
    NrasStub stub = new NrasStub(NOW);
    stub.signWith = NrasStub.p384();

    AiReportVerification v = runWithNras(stub);

    assertThat(v.link(AiReportVerifier.GPU_NRAS).orElseThrow().status()).isEqualTo(CheckStatus.FAILED);
    assertThat(v.link(AiReportVerifier.GPU_NRAS).orElseThrow().detail()).contains("signature");
    assertThat(v.ok()).isFalse();
  }

  static Stream<Arguments> brokenLinks() {
    Scenario h = honest();
    String other = ResponseSignatureTest.address(ResponseSignatureTest.ecKey());
    String otherNonce = "11".repeat(32);
    return Stream.of(
        Arguments.of(AiReportVerifier.SIGNED_TEXT, new Scenario("tampered response", h.signedResponse(),
            "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion\",\"choices\":[{\"x\":1}]}", SIGNER,
            h.reportAddress(), h.boundAddress(), GPU_NONCE, GPU_NONCE, false, false, r -> r)),
        Arguments.of(AiReportVerifier.RESPONSE_SIGNATURE, new Scenario("forged signature", COMPLETION, COMPLETION,
            ResponseSignatureTest.ecKey(), h.reportAddress(), h.boundAddress(), GPU_NONCE, GPU_NONCE, false, false,
            r -> r)),
        Arguments.of(AiReportVerifier.REPORT_FOR_SIGNER, new Scenario("report for another key", COMPLETION,
            COMPLETION, SIGNER, other, other, GPU_NONCE, GPU_NONCE, false, false, r -> r)),
        Arguments.of(AiReportVerifier.REQUEST_NONCE, new Scenario("report for another nonce", COMPLETION,
            COMPLETION, SIGNER, h.reportAddress(), h.boundAddress(), otherNonce, GPU_NONCE, false, false, r -> r)),
        Arguments.of(AiReportVerifier.TDX_QUOTE, new Scenario("quote byte flipped", COMPLETION, COMPLETION, SIGNER,
            h.reportAddress(), h.boundAddress(), GPU_NONCE, GPU_NONCE, true, false, r -> r)),
        Arguments.of(AiReportVerifier.TDX_QUOTE, new Scenario("quote under another root", COMPLETION, COMPLETION,
            SIGNER, h.reportAddress(), h.boundAddress(), GPU_NONCE, GPU_NONCE, false, true, r -> r)),
        Arguments.of(AiReportVerifier.REPORT_DATA_BINDING, new Scenario("quote binds another key", COMPLETION,
            COMPLETION, SIGNER, h.reportAddress(), other, GPU_NONCE, GPU_NONCE, false, false, r -> r)),
        Arguments.of(AiReportVerifier.REPORT_DATA_BINDING, new Scenario("quote binds another nonce", COMPLETION,
            COMPLETION, SIGNER, h.reportAddress(), h.boundAddress(), GPU_NONCE, otherNonce, false, false, r -> r)),
        Arguments.of(AiReportVerifier.GPU_EVIDENCE_PRESENT, new Scenario("no GPU evidence", COMPLETION, COMPLETION,
            SIGNER, h.reportAddress(), h.boundAddress(), GPU_NONCE, GPU_NONCE, false, false,
            r -> r.put("nvidia_payload", "{\"nonce\":\"" + GPU_NONCE + "\",\"arch\":\"HOPPER\",\"evidence_list\":[]}"))));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("brokenLinks")
  void verifyResponse_oneLinkBroken_thatLinkFailsAndResultIsNotOk(String link, Scenario broken) throws Exception {
    AiReportVerification v = run(broken);

    assertThat(v.link(link).orElseThrow().status()).as(v.links().toString()).isEqualTo(CheckStatus.FAILED);
    assertThat(v.ok()).isFalse();
  }
}

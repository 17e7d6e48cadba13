package io.phat4j.attestation.dcap.pcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.attestation.dcap.PckCaType;
import io.phat4j.attestation.dcap.PckCertChain;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.TeeType;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaServiceException;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PcsCollateralClientTest {
  private static final String TDX = "tdx_v4_phala_sample";
  private static final String SGX = "sgx_v3_phala_sample";

  private final MockWebServer server = new MockWebServer();
  private final HttpTransport transport = HttpTransport.builder().retryPolicy(RetryPolicy.none()).build();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  private PcsCollateralClient client() {
    return PcsCollateralClient.builder().baseUrl(server.url("/").uri()).transport(transport).build();
  }

  private List<RecordedRequest> requests(int n) throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(r).as("request %d", i).isNotNull();
      out.add(r);
    }
    return out;
  }

  @Test
  void collateralFor_tdxQuote_reassemblesOriginalCollateralByteForByte() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    server.setDispatcher(pcs);

    QuoteCollateral got = client().collateralFor(PcsFixture.quote(TDX));

    assertThat(got).isEqualTo(pcs.collateral);
    assertThat(got.tcbInfo().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(pcs.collateral.tcbInfo().getBytes(StandardCharsets.UTF_8));
    assertThat(got.qeIdentity()).isEqualTo(pcs.collateral.qeIdentity());
    assertThat(got.contentHash()).isEqualTo(pcs.collateral.contentHash());
    assertThat(got.pckCertificateChain()).isNull();
  }

  @Test
  void collateralFor_sgxQuote_reassemblesOriginalCollateralByteForByte() {
    PcsFixture pcs = PcsFixture.of(SGX, "sgx");
    server.setDispatcher(pcs);

    QuoteCollateral got = client().collateralFor(PcsFixture.quote(SGX));

    assertThat(got).isEqualTo(pcs.collateral);
    assertThat(got.toJson()).isEqualTo(pcs.collateral.toJson());
  }

  @Test
  void collateralFor_tdxQuote_requestsV4PathsWithQuoteFmspcAndPlatformCa() throws Exception {
    server.setDispatcher(PcsFixture.of(TDX, "tdx"));
    Quote quote = PcsFixture.quote(TDX);
    PckCertChain chain = PckCertChain.fromQuote(quote);

    client().collateralFor(quote);

    assertThat(chain.caType()).isEqualTo(PckCaType.PLATFORM);
    assertThat(chain.extension().fmspcHex()).isEqualToIgnoringCase("B0C06F000000");
    assertThat(requests(4)).extracting(RecordedRequest::getTarget).containsExactly(
        "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
        "/sgx/certification/v4/rootcacrl",
        "/tdx/certification/v4/tcb?fmspc=B0C06F000000",
        "/tdx/certification/v4/qe/identity?update=standard");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void collateralFor_sgxQuote_requestsSgxPathsAndProcessorCa() throws Exception {
    server.setDispatcher(PcsFixture.of(SGX, "sgx"));
    Quote quote = PcsFixture.quote(SGX);

    client().collateralFor(quote);

    assertThat(PckCertChain.fromQuote(quote).caType()).isEqualTo(PckCaType.PROCESSOR);
    assertThat(requests(4)).extracting(RecordedRequest::getTarget).containsExactly(
        "/sgx/certification/v4/pckcrl?ca=processor&encoding=der",
        "/sgx/certification/v4/rootcacrl",
        "/sgx/certification/v4/tcb?fmspc=00A067110000",
        "/sgx/certification/v4/qe/identity?update=standard");
  }

  @Test
  void fetch_keyWithLowercaseFmspc_sendsItUppercase() throws Exception {
    server.setDispatcher(PcsFixture.of(SGX, "sgx"));

    client().fetch(new CollateralKey(TeeType.SGX, "00a067110000", PckCaType.PROCESSOR));

    assertThat(requests(3).get(2).getTarget()).isEqualTo("/sgx/certification/v4/tcb?fmspc=00A067110000");
  }

  @Test
  void collateralFor_apiKeySet_sendsKeyOnEveryRequestAndKeepsItOutOfToString() throws Exception {
    server.setDispatcher(PcsFixture.of(TDX, "tdx"));
    PcsCollateralClient client = PcsCollateralClient.builder()
        .baseUrl(server.url("/").uri())
        .apiKey(SecretString.of("sub-key-8f3a9c"))
        .transport(transport)
        .build();

    client.collateralFor(PcsFixture.quote(TDX));

    assertThat(requests(4)).allSatisfy(r ->
        assertThat(r.getHeaders().get(PcsCollateralClient.API_KEY_HEADER)).isEqualTo("sub-key-8f3a9c"));
    assertThat(client.toString()).doesNotContain("sub-key-8f3a9c").contains("apiKey=***");
  }

  @Test
  void collateralFor_rootCrlOnOtherHost_neverSendsApiKeyThere() throws Exception {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    server.setDispatcher(pcs);
    try (MockWebServer crlHost = new MockWebServer()) {
      crlHost.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(pcs.collateral.rootCaCrl())).build());
      crlHost.start();
      PcsCollateralClient client = PcsCollateralClient.builder()
          .baseUrl(server.url("/").uri())
          .rootCaCrlUrl(crlHost.url("/IntelSGXRootCA.der").uri())
          .apiKey(SecretString.of("sub-key-8f3a9c"))
          .transport(transport)
          .build();

      QuoteCollateral got = client.collateralFor(PcsFixture.quote(TDX));

      RecordedRequest crl = crlHost.takeRequest(5, TimeUnit.SECONDS);
      assertThat(crl.getTarget()).isEqualTo("/IntelSGXRootCA.der");
      assertThat(crl.getHeaders().get(PcsCollateralClient.API_KEY_HEADER)).isNull();
      assertThat(got).isEqualTo(pcs.collateral);
      assertThat(server.getRequestCount()).isEqualTo(3);
    }
  }

  @Test
  void collateralFor_rootCrlAsHexText_decodesToDer() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    pcs.override("/sgx/certification/v4/rootcacrl",
        new MockResponse.Builder().code(200).body(Hex.encode(pcs.collateral.rootCaCrl()) + "\n").build());
    server.setDispatcher(pcs);

    assertThat(client().collateralFor(PcsFixture.quote(TDX)).rootCaCrl()).isEqualTo(pcs.collateral.rootCaCrl());
  }

  @Test
  void collateralFor_pckCrlAsPem_decodesToDer() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    String pem = "-----BEGIN X509 CRL-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pcs.collateral.pckCrl())
        + "\n-----END X509 CRL-----\n";
    pcs.override("/sgx/certification/v4/pckcrl", new MockResponse.Builder().code(200)
        .addHeader("SGX-PCK-CRL-Issuer-Chain", PcsFixture.urlEncode(pcs.collateral.pckCrlIssuerChain()))
        .body(pem).build());
    server.setDispatcher(pcs);

    assertThat(client().collateralFor(PcsFixture.quote(TDX)).pckCrl()).isEqualTo(pcs.collateral.pckCrl());
  }

  @Test
  void collateralFor_reformattedBody_keepsInnerObjectTextVerbatim() {
    PcsFixture pcs = PcsFixture.of(SGX, "sgx");
    // Unusual but valid JSON around and inside the signed object must survive untouched.
    String inner = pcs.collateral.tcbInfo().replace(",\"fmspc\"", " ,\n  \"fmspc\"");
    String body = "\n{ \"signature\" : \"" + Hex.encode(pcs.collateral.tcbInfoSignature()) + "\",\n  \"tcbInfo\" :\t"
        + inner + " , \"extra\": [1, {\"tcbInfo\": 0}] }\n";
    pcs.override("/sgx/certification/v4/tcb", new MockResponse.Builder().code(200)
        .addHeader("TCB-Info-Issuer-Chain", PcsFixture.urlEncode(pcs.collateral.tcbInfoIssuerChain()))
        .body(body).build());
    server.setDispatcher(pcs);

    QuoteCollateral got = client().collateralFor(PcsFixture.quote(SGX));

    assertThat(got.tcbInfo()).isEqualTo(inner).isNotEqualTo(pcs.collateral.tcbInfo());
    assertThat(got.tcbInfoSignature()).isEqualTo(pcs.collateral.tcbInfoSignature());
  }

  @Test
  void collateralFor_v3TcbIssuerChainHeaderName_isAccepted() {
    PcsFixture pcs = PcsFixture.of(SGX, "sgx");
    pcs.override("/sgx/certification/v4/tcb", new MockResponse.Builder().code(200)
        .addHeader("SGX-TCB-Info-Issuer-Chain", PcsFixture.urlEncode(pcs.collateral.tcbInfoIssuerChain()))
        .body(pcs.tcbBody()).build());
    server.setDispatcher(pcs);

    assertThat(client().collateralFor(PcsFixture.quote(SGX)).tcbInfoIssuerChain())
        .isEqualTo(pcs.collateral.tcbInfoIssuerChain());
  }

  @Test
  void collateralFor_issuerChainWithLiteralPlus_keepsBase64Plus() {
    PcsFixture pcs = PcsFixture.of(SGX, "sgx");
    String chain = pcs.collateral.qeIdentityIssuerChain();
    assertThat(chain).contains("+");
    // Some servers leave '+' unescaped; it is Base64 there, not a form-encoded space.
    String lenient = PcsFixture.urlEncode(chain).replace("%2B", "+");
    pcs.override("/sgx/certification/v4/qe/identity", new MockResponse.Builder().code(200)
        .addHeader("SGX-Enclave-Identity-Issuer-Chain", lenient).body(pcs.qeBody()).build());
    server.setDispatcher(pcs);

    assertThat(client().collateralFor(PcsFixture.quote(SGX)).qeIdentityIssuerChain()).isEqualTo(chain);
  }

  @Test
  void collateralFor_tcbNotFound_throwsServiceExceptionWithStatusAndRequestId() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    pcs.override("/tdx/certification/v4/tcb", new MockResponse.Builder().code(404)
        .addHeader("Request-ID", "9f1c2d7e").addHeader("Error-Code", "NotFound")
        .addHeader("Error-Message", "No TCB info for FMSPC").build());
    server.setDispatcher(pcs);

    assertThatThrownBy(() -> client().collateralFor(PcsFixture.quote(TDX)))
        .isInstanceOf(PhalaServiceException.class)
        .hasMessageContaining("pcs tdx tcb")
        .hasMessageContaining("/tdx/██/██/██")
        .satisfies(e -> {
          PhalaServiceException s = (PhalaServiceException) e;
          assertThat(s.statusCode()).isEqualTo(404);
          assertThat(s.requestId()).isEqualTo("9f1c2d7e");
          assertThat(s.errorCode()).isEqualTo("NotFound");
          assertThat(s.details()).isEqualTo("No TCB info for FMSPC");
        });
  }

  @Test
  void collateralFor_serverError_throwsServiceExceptionWithBodyAsDetails() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    pcs.override("/sgx/certification/v4/pckcrl", new MockResponse.Builder().code(500).body("upstream down").build());
    server.setDispatcher(pcs);

    assertThatThrownBy(() -> client().collateralFor(PcsFixture.quote(TDX)))
        .isInstanceOf(PhalaServiceException.class)
        .hasMessageContaining("pcs pckcrl")
        .satisfies(e -> {
          assertThat(((PhalaServiceException) e).statusCode()).isEqualTo(500);
          assertThat(((PhalaServiceException) e).requestId()).isNull();
          assertThat(((PhalaServiceException) e).details()).isEqualTo("upstream down");
        });
  }

  @Test
  void collateralFor_garbageTcbJson_throwsDecodeExceptionNamingEndpoint() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    pcs.override("/tdx/certification/v4/tcb", new MockResponse.Builder().code(200)
        .addHeader("TCB-Info-Issuer-Chain", PcsFixture.urlEncode(pcs.collateral.tcbInfoIssuerChain()))
        .body("{\"tcbInfo\":{\"id\":\"TDX\",").build());
    server.setDispatcher(pcs);

    assertThatThrownBy(() -> client().collateralFor(PcsFixture.quote(TDX)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("pcs tdx tcb")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void collateralFor_qeBodyWithoutSignature_throwsDecodeExceptionNamingField() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    pcs.override("/tdx/certification/v4/qe/identity", new MockResponse.Builder().code(200)
        .addHeader("SGX-Enclave-Identity-Issuer-Chain", PcsFixture.urlEncode(pcs.collateral.qeIdentityIssuerChain()))
        .body("{\"enclaveIdentity\":" + pcs.collateral.qeIdentity() + "}").build());
    server.setDispatcher(pcs);

    assertThatThrownBy(() -> client().collateralFor(PcsFixture.quote(TDX)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("pcs tdx qe/identity.signature")
        .hasMessageContaining("missing");
  }

  @Test
  void collateralFor_tcbInfoNotAnObject_throwsDecodeExceptionNamingField() {
    PcsFixture pcs = PcsFixture.of(SGX, "sgx");
    pcs.override("/sgx/certification/v4/tcb", new MockResponse.Builder().code(200)
        .addHeader("TCB-Info-Issuer-Chain", PcsFixture.urlEncode(pcs.collateral.tcbInfoIssuerChain()))
        .body("{\"tcbInfo\":\"x\",\"signature\":\"" + Hex.encode(pcs.collateral.tcbInfoSignature()) + "\"}").build());
    server.setDispatcher(pcs);

    assertThatThrownBy(() -> client().collateralFor(PcsFixture.quote(SGX)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("pcs sgx tcb.tcbInfo")
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void collateralFor_shortSignature_throwsDecodeExceptionNamingField() {
    PcsFixture pcs = PcsFixture.of(SGX, "sgx");
    pcs.override("/sgx/certification/v4/tcb", new MockResponse.Builder().code(200)
        .addHeader("TCB-Info-Issuer-Chain", PcsFixture.urlEncode(pcs.collateral.tcbInfoIssuerChain()))
        .body("{\"tcbInfo\":" + pcs.collateral.tcbInfo() + ",\"signature\":\"abcd\"}").build());
    server.setDispatcher(pcs);

    assertThatThrownBy(() -> client().collateralFor(PcsFixture.quote(SGX)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("pcs sgx tcb.signature")
        .hasMessageContaining("64 bytes");
  }

  @Test
  void collateralFor_missingQeIssuerChainHeader_throwsDecodeExceptionNamingHeader() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    pcs.override("/tdx/certification/v4/qe/identity",
        new MockResponse.Builder().code(200).body(pcs.qeBody()).build());
    server.setDispatcher(pcs);

    assertThatThrownBy(() -> client().collateralFor(PcsFixture.quote(TDX)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("SGX-Enclave-Identity-Issuer-Chain")
        .hasMessageContaining("missing");
  }

  @Test
  void collateralFor_issuerChainHeaderWithoutPem_throwsDecodeExceptionNamingHeader() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    pcs.override("/sgx/certification/v4/pckcrl", new MockResponse.Builder().code(200)
        .addHeader("SGX-PCK-CRL-Issuer-Chain", "not%20a%20chain")
        .body(new Buffer().write(pcs.collateral.pckCrl())).build());
    server.setDispatcher(pcs);

    assertThatThrownBy(() -> client().collateralFor(PcsFixture.quote(TDX)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("SGX-PCK-CRL-Issuer-Chain")
        .hasMessageContaining("no PEM certificate");
  }

  @Test
  void collateralFor_rootCrlNotACrl_throwsDecodeException() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    pcs.override("/sgx/certification/v4/rootcacrl",
        new MockResponse.Builder().code(200).body(new Buffer().write(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})).build());
    server.setDispatcher(pcs);

    assertThatThrownBy(() -> client().collateralFor(PcsFixture.quote(TDX)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("pcs rootcacrl")
        .hasMessageContaining("not a DER X.509 CRL");
  }

  @Test
  void collateralFor_rootCrlHtmlPage_throwsDecodeException() {
    PcsFixture pcs = PcsFixture.of(TDX, "tdx");
    pcs.override("/sgx/certification/v4/rootcacrl", new MockResponse.Builder().code(200).body("<html>hi</html>").build());
    server.setDispatcher(pcs);

    assertThatThrownBy(() -> client().collateralFor(PcsFixture.quote(TDX)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("pcs rootcacrl CRL hex");
  }

  @Test
  void close_injectedTransport_leavesItOpen() {
    PcsCollateralClient client = client();

    client.close();

    assertThat(transport.isClosed()).isFalse();
  }

  @Test
  void builder_presets_pointAtIntelAndPhala() {
    try (PcsCollateralClient intel = PcsCollateralClient.builder().intelPcs().transport(transport).build();
        PcsCollateralClient phala = PcsCollateralClient.builder().phalaPccs().transport(transport).build()) {
      assertThat(intel.baseUrl()).isEqualTo(URI.create("https://api.trustedservices.intel.com"));
      assertThat(intel.rootCaCrlUrl())
          .isEqualTo(URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der"));
      assertThat(phala.baseUrl()).isEqualTo(URI.create("https://pccs.phala.network"));
      assertThat(phala.rootCaCrlUrl()).isEqualTo(URI.create("https://pccs.phala.network/sgx/certification/v4/rootcacrl"));
    }
  }

  @Test
  void builder_baseUrlWithTrailingSlashAndPrefix_joinsPathsOnce() throws Exception {
    server.setDispatcher(PcsFixture.of(SGX, "sgx"));
    // A PCCS behind a path prefix: the prefix is kept, the slash is not doubled.
    URI base = server.url("/pccs/").uri();
    PcsCollateralClient client = PcsCollateralClient.builder().baseUrl(base).transport(transport).build();

    assertThatThrownBy(() -> client.collateralFor(PcsFixture.quote(SGX)))
        .isInstanceOf(PhalaServiceException.class)
        .hasMessageContaining("/pccs/sgx/certification/v4/pckcrl");
    assertThat(requests(1).get(0).getTarget()).isEqualTo("/pccs/sgx/certification/v4/pckcrl?ca=processor&encoding=der");
  }

  @Test
  void builder_withoutBaseUrl_isRejected() {
    assertThatThrownBy(() -> PcsCollateralClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baseUrl");
  }

  @Test
  void builder_baseUrlWithQuery_isRejected() {
    assertThatThrownBy(() -> PcsCollateralClient.builder().baseUrl(URI.create("https://pccs.example/?x=1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without query");
  }
}

package io.phat4j.core.dstack.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.dstack.ComposeHash;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest client over HTTP (a simulator endpoint), against a MockWebServer on loopback. */
class DstackGuestClientTest {
  private final MockWebServer server = new MockWebServer();
  private final FakeGuestAgent agent = new FakeGuestAgent();
  private volatile @Nullable Function<RecordedRequest, MockResponse> override;
  private DstackGuestClient guest;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            Function<RecordedRequest, MockResponse> special = override;
            if (special != null) {
              return special.apply(request);
            }
            byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
            FakeGuestAgent.Reply reply = agent.handle(request.getTarget(), body);
            return new MockResponse.Builder()
                .code(reply.status())
                .addHeader("Content-Type", reply.contentType())
                .body(new Buffer().write(reply.body()))
                .build();
          }
        });
    server.start();
    guest = DstackGuestClient.builder().endpoint(server.url("/").uri().toString()).build();
  }

  @AfterEach
  void stop() {
    guest.close();
    server.close();
  }

  private RecordedRequest lastRequest() throws InterruptedException {
    RecordedRequest request = null;
    RecordedRequest next;
    while ((next = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      request = next;
    }
    return request;
  }

  private static JsonNode json(RecordedRequest request) throws IOException {
    return FakeGuestAgent.JSON.readTree(request.getBody().toByteArray());
  }

  private static MockResponse reply(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void getKeySendsTheV0FieldsAndReturnsAKeyWhoseChainEndsInTheKms() throws Exception {
    DerivedKey key = guest.getKey("wallet/eth", "ethereum", KeyAlgorithm.SECP256K1);

    RecordedRequest request = lastRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/GetKey");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = json(request);
    assertThat(body.path("path").asText()).isEqualTo("wallet/eth");
    assertThat(body.path("purpose").asText()).isEqualTo("ethereum");
    assertThat(body.path("algorithm").asText()).isEqualTo("secp256k1");

    assertThat(key.key().revealBytes())
        .isEqualTo(GuestKeyDerivation.v0(FakeGuestAgent.APP_ROOT, "wallet/eth").revealBytes());
    assertThat(key.publicKey()).isEqualTo(key.secp256k1PrivateKey().publicKey().compressed());
    assertThat(key.signatureChain()).hasSize(2);
    VerifiedKeyChain chain =
        SignatureChainVerifier.trusting(FakeGuestAgent.KMS_ROOT.publicKey())
            .verify(key, FakeGuestAgent.APP_ID);
    assertThat(chain.appRootKey()).isEqualTo(FakeGuestAgent.APP_ROOT.publicKey());
    assertThat(chain.publicKeyHex()).isEqualTo(Hex.encode(key.publicKey()));
  }

  @Test
  void derivedKeysNeverShowInToString() {
    DerivedKey key = guest.getKey("secret-path");
    String keyHex = Hex.encode(key.key().revealBytes());

    assertThat(key.toString()).doesNotContain(keyHex).contains("redacted");
    assertThat(key.key().toString()).doesNotContain(keyHex);
    DerivedKeyV1 keyV1 = enableV1().getKey("storage-encryption", KeyAlgorithm.SECP256K1);
    assertThat(keyV1.toString()).doesNotContain(Hex.encode(keyV1.key().revealBytes()));
  }

  @Test
  void v0KeysAreTheSameBytesForBothCurvesAndPurposeDoesNotChangeThem() {
    DerivedKey k256 = guest.getKey("p", "a", KeyAlgorithm.SECP256K1);
    DerivedKey ed = guest.getKey("p", "b", KeyAlgorithm.ED25519);

    assertThat(ed.key()).isEqualTo(k256.key());
    assertThat(ed.publicKey()).hasSize(32);
    assertThat(k256.publicKey()).hasSize(33);
    SignatureChainVerifier verifier = SignatureChainVerifier.trusting(FakeGuestAgent.KMS_ROOT.publicKey());
    verifier.verify(ed, FakeGuestAgent.APP_ID);
    verifier.verify(k256, FakeGuestAgent.APP_ID);
  }

  @Test
  void getQuoteSendsRawReportDataAndReturnsTheRealQuoteWithItsEventLog() throws Exception {
    byte[] nonce = "verifier nonce 42".getBytes(StandardCharsets.US_ASCII);

    GuestQuote quote = guest.getQuote(nonce);

    assertThat(json(lastRequest()).path("report_data").asText()).isEqualTo(Hex.encode(nonce));
    byte[] expected = Arrays.copyOf(nonce, 64);
    assertThat(quote.reportData()).isEqualTo(expected);
    assertThat(Arrays.copyOfRange(quote.quote(), 568, 632)).isEqualTo(expected);
    // The event log of the real recorded reply replays to the registers in its quote.
    byte[] raw = quote.quote();
    assertThat(quote.eventLog().replay().rtmr0().toByteArray()).isEqualTo(Arrays.copyOfRange(raw, 376, 424));
    assertThat(quote.eventLog().replay().rtmr3().toByteArray()).isEqualTo(Arrays.copyOfRange(raw, 520, 568));
    assertThat(quote.vmConfig()).isNotNull();
    assertThat(quote.vmConfig().cpuCount()).isEqualTo(16L);
    assertThat(quote.vmConfig().memorySize()).isEqualTo(68719476736L);
    assertThat(quote.vmConfig().qemuVersion()).isEqualTo("9.2.1");
    assertThat(quote.eventLogJson()).startsWith("[{\"imr\":0");
  }

  @Test
  void reportDataOver64BytesIsRejectedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> guest.getQuote(new byte[65]))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 64 bytes, got 65");
    assertThatThrownBy(() -> guest.v1().attest(new byte[65])).isInstanceOf(InvalidInputException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aQuoteThatDoesNotCarryTheRequestedReportDataIsRejected() {
    override =
        request -> {
          byte[] body = agent.handle("/GetQuote", "{\"report_data\":\"ff\"}".getBytes(StandardCharsets.UTF_8)).body();
          return reply(200, new String(body, StandardCharsets.UTF_8));
        };

    assertThatThrownBy(() -> guest.getQuote(new byte[] {1, 2}))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("GetQuote.report_data")
        .hasMessageContaining("differs from the report data requested");
  }

  @Test
  void aTdxQuoteOverOtherReportDataIsRejectedEvenIfTheFieldMatches() throws Exception {
    byte[] requested = {1, 2};
    override =
        request -> {
          try {
            com.fasterxml.jackson.databind.node.ObjectNode body =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                    FakeGuestAgent.JSON.readTree(
                        agent.handle("/GetQuote", "{\"report_data\":\"ff\"}".getBytes(StandardCharsets.UTF_8)).body());
            body.put("report_data", Hex.encode(Arrays.copyOf(requested, 64)));
            return reply(200, body.toString());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };

    assertThatThrownBy(() -> guest.getQuote(requested))
        .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.offset()).isEqualTo(568))
        .hasMessageContaining("GetQuote.quote");
  }

  @Test
  void infoParsesTheRealReplyWithItsNestedTcbInfo() {
    GuestInfo info = guest.info();

    assertThat(info.appId()).isEqualTo(FakeGuestAgent.APP_ID);
    assertThat(info.appName()).isEqualTo("mock-kms");
    assertThat(info.instanceIdHex()).isEmpty();
    assertThat(info.osImageHash()).isNull();
    assertThat(info.keyProvider()).isNotNull();
    assertThat(info.keyProvider().name()).isEqualTo("local-sgx");
    assertThat(info.deviceId().hex()).isEqualTo("05c73429bc3868cca111bcf158ad59167b1f0c0d2dd8e0b98839d59e5cf0222d");
    assertThat(info.vmConfig()).isNotNull();
    TcbInfo tcb = info.tcbInfo();
    assertThat(tcb).isNotNull();
    assertThat(tcb.mrtd().hex())
        .isEqualTo("f06dfda6dce1cf904d4e2bab1dc370634cf95cefa2ceb2de2eee127c9382698090d7a4a13e14c536ec6c9c3c8fa87077");
    // Claims cross-checked with real data: the event log replays to the stated registers, and
    // the compose hash is SHA-256 of the verbatim app-compose.
    assertThat(tcb.eventLog().size()).isEqualTo(27);
    assertThat(tcb.eventLog().replay()).isEqualTo(tcb.rtmrs());
    assertThat(ComposeHash.of(tcb.appCompose().getBytes(StandardCharsets.UTF_8))).isEqualTo(tcb.composeHash());
    assertThat(tcb.composeHash()).isEqualTo(info.composeHash());
    // Summaries only: no 30 kB certificate chain or compose file in logs.
    assertThat(info.toString()).contains("mock-kms").doesNotContain("BEGIN CERTIFICATE").hasSizeLessThan(400);
    assertThat(tcb.toString()).doesNotContain("docker_compose_file").contains("events=27");
  }

  @Test
  void emitEventSendsNameAndHexPayloadOnce() throws Exception {
    guest.emitEvent("model-loaded", new byte[] {(byte) 0xab, 0x01});

    JsonNode body = json(lastRequest());
    assertThat(body.path("event").asText()).isEqualTo("model-loaded");
    assertThat(body.path("payload").asText()).isEqualTo("ab01");
    assertThat(agent.events).containsExactly("model-loaded:ab01");
    assertThatThrownBy(() -> guest.emitEvent("", new byte[0])).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void emitEventIsNeverRetriedEvenOnARetryableStatus() {
    override = request -> reply(503, "{\"error\":\"busy\"}");
    try (HttpTransport transport =
            HttpTransport.builder()
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).baseDelay(Duration.ZERO).build())
                .build();
        DstackGuestClient client =
            DstackGuestClient.builder().endpoint(server.url("/").uri().toString()).transport(transport).build()) {
      assertThatThrownBy(() -> client.emitEvent("e", new byte[0]))
          .isInstanceOf(GuestAgentException.class)
          .hasMessageContaining("busy");
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThatThrownBy(client::info).isInstanceOf(GuestAgentException.class);
      assertThat(server.getRequestCount()).isEqualTo(4);
    }
  }

  @Test
  void agentErrorsBecomeTypedExceptionsWithTheAgentsMessage() {
    override = request -> reply(400, "{\"error\":\"Unsupported algorithm\"}");
    assertThatThrownBy(() -> guest.getKey("p"))
        .isInstanceOfSatisfying(
            GuestAgentException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.method()).isEqualTo("GetKey");
              assertThat(e.agentMessage()).isEqualTo("Unsupported algorithm");
            });

    override = request -> reply(200, "{\"error\":\"EmitEvent is removed in dstack 0.6\"}");
    assertThatThrownBy(() -> guest.emitEvent("e", new byte[0]))
        .isInstanceOf(GuestAgentException.class)
        .hasMessageContaining("removed in dstack 0.6");
  }

  @Test
  void aMissingMethodIsUnsupportedNotMissingSurface() {
    agent.signEnabled = false;

    assertThatThrownBy(() -> guest.sign(SignAlgorithm.ED25519, new byte[] {1}))
        .isInstanceOfSatisfying(
            UnsupportedGuestMethodException.class,
            e -> {
              assertThat(e.surfaceMissing()).isFalse();
              assertThat(e.method()).isEqualTo("Sign");
            });
  }

  @Test
  void anOldAgentIsDetectedAsV0AndItsV1CallsFailAsMissingSurface() {
    assertThat(guest.apiVersion()).isEqualTo(GuestApiVersion.V0);
    assertThatThrownBy(() -> guest.v1().getKey("d", KeyAlgorithm.ED25519))
        .isInstanceOfSatisfying(
            UnsupportedGuestMethodException.class, e -> assertThat(e.surfaceMissing()).isTrue());
    // v0 keeps working on the same client.
    assertThat(guest.version()).isEqualTo(new GuestVersion(FakeGuestAgent.VERSION, "d1e2f3a"));
  }

  @Test
  void apiDetectionProbesOnceAndCaches() {
    agent.v1Enabled = true;
    assertThat(guest.apiVersion()).isEqualTo(GuestApiVersion.V1);
    assertThat(guest.apiVersion()).isEqualTo(GuestApiVersion.V1);
    assertThat(FakeGuestAgent.methods(agent.calls)).containsExactly("/v1/Version");
  }

  private DstackGuestV1 enableV1() {
    agent.v1Enabled = true;
    return guest.v1();
  }

  @Test
  void v1GetKeyRequiresTheAlgorithmAndReturnsTheSpecifiedKey() throws Exception {
    DerivedKeyV1 key = enableV1().getKey("storage-encryption", KeyAlgorithm.SECP256K1);

    RecordedRequest request = lastRequest();
    assertThat(request.getTarget()).isEqualTo("/v1/GetKey");
    JsonNode body = json(request);
    assertThat(body.path("domain").asText()).isEqualTo("storage-encryption");
    assertThat(body.path("algorithm").asText()).isEqualTo("secp256k1");
    assertThat(body.has("path")).isFalse();
    // dstack's published v1 vector for this root key, domain and algorithm.
    assertThat(Hex.encode(key.key().revealBytes()))
        .isEqualTo("5510330f86902ddae38c6d89c93a8408019332c17a429e1abd01c4a28d1544a6");
    assertThat(Hex.encode(key.publicKey()))
        .isEqualTo("03d962450a41748021c8b02787ac36ce642ff0ae25f4c55019eb527e1112cfd764");
    assertThat(Hex.encode(key.signatureChain().get(0)))
        .isEqualTo(
            "5b6193729ce7976ec67863f21692d4b98c69832698aae8e001a7d33a6f818b6e46ca950725b6e90e8ca9bcf394abd03ce264bf9b7eec1e91693247f9dd53c26901");
    SignatureChainVerifier.trusting(FakeGuestAgent.KMS_ROOT.publicKey()).verify(key, FakeGuestAgent.APP_ID);
    // A v0 key of the same name is a different key.
    assertThat(guest.getKey("storage-encryption").key()).isNotEqualTo(key.key());
  }

  @Test
  void v1GetKeyRejectsAPublicKeyThatDoesNotBelongToTheKey() {
    agent.v1Enabled = true;
    override =
        request -> {
          String body = new String(agent.handle("/v1/GetKey", "{\"domain\":\"x\",\"algorithm\":\"ed25519\"}".getBytes(StandardCharsets.UTF_8)).body(), StandardCharsets.UTF_8);
          return reply(200, body.replaceFirst("\"public_key\":\"..", "\"public_key\":\"00"));
        };

    assertThatThrownBy(() -> guest.v1().getKey("x", KeyAlgorithm.ED25519))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("does not belong to the returned key");
  }

  @Test
  void v1InfoIsFlatWithTheComposeDocumentOnTop() {
    GuestInfoV1 info = enableV1().info();

    assertThat(info.appId()).isEqualTo(FakeGuestAgent.APP_ID);
    assertThat(ComposeHash.of(info.appCompose().getBytes(StandardCharsets.UTF_8))).isEqualTo(info.composeHash());
    assertThat(info.keyProvider().name()).isEqualTo("local-sgx");
    assertThat(enableV1().version().version()).isEqualTo("0.6.0");
    assertThat(enableV1().attest(new byte[] {7})).isEqualTo(Hex.decode("a", "0007"));
  }

  @Test
  void signResultsVerifyForEveryAlgorithm() throws Exception {
    SignatureChainVerifier verifier = SignatureChainVerifier.trusting(FakeGuestAgent.KMS_ROOT.publicKey());
    byte[] data = "pay 1 ETH to 0xabc".getBytes(StandardCharsets.UTF_8);

    for (SignAlgorithm algorithm : List.of(SignAlgorithm.ED25519, SignAlgorithm.SECP256K1)) {
      SignResult result = guest.sign(algorithm, data);
      assertThat(json(lastRequest()).path("algorithm").asText()).isEqualTo(algorithm.wireName());
      assertThat(verifier.verify(result, data, FakeGuestAgent.APP_ID).appRootKey())
          .isEqualTo(FakeGuestAgent.APP_ROOT.publicKey());
    }
    byte[] digest = FakeGuestAgent.sha256(data);
    SignResult prehashed = guest.sign(SignAlgorithm.SECP256K1_PREHASHED, digest);
    verifier.verify(prehashed, digest, FakeGuestAgent.APP_ID);
    assertThat(prehashed.signature()).isEqualTo(guest.sign(SignAlgorithm.SECP256K1, data).signature());
    assertThatThrownBy(() -> guest.sign(SignAlgorithm.SECP256K1_PREHASHED, data))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("32-byte digest");
  }

  @Test
  void getTlsKeySendsTheCertificateFieldsAndKeepsTheKeySecret() throws Exception {
    TlsKey key =
        guest.getTlsKey(
            TlsKeyRequest.builder("app.example")
                .altName("api.app.example")
                .raTls(true)
                .clientAuth(true)
                .validity(Instant.ofEpochSecond(1_750_000_000L), Instant.ofEpochSecond(1_760_000_000L))
                .build());

    JsonNode body = json(lastRequest());
    assertThat(body.path("subject").asText()).isEqualTo("app.example");
    assertThat(body.path("alt_names").get(0).asText()).isEqualTo("api.app.example");
    assertThat(body.path("usage_ra_tls").asBoolean()).isTrue();
    assertThat(body.path("usage_server_auth").asBoolean()).isTrue();
    assertThat(body.path("usage_client_auth").asBoolean()).isTrue();
    assertThat(body.path("not_before").asLong()).isEqualTo(1_750_000_000L);
    assertThat(body.path("not_after").asLong()).isEqualTo(1_760_000_000L);
    assertThat(key.certificateChain()).hasSize(2);
    assertThat(key.privateKeyPem().reveal()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(key.toString()).doesNotContain("BEGIN PRIVATE KEY");
  }

  @Test
  void malformedRepliesFailWithTheFieldNamedAndNoSecretInTheMessage() {
    override = request -> reply(200, "{\"key\":\"zz" + "11".repeat(31) + "\",\"signature_chain\":[]}");
    assertThatThrownBy(() -> guest.getKey("p"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("GetKey.key")
        .hasMessageNotContaining("1111");

    override = request -> reply(200, "{\"key\":\"" + "11".repeat(31) + "\",\"signature_chain\":[]}");
    assertThatThrownBy(() -> guest.getKey("p")).isInstanceOf(DecodeException.class).hasMessageContaining("32 bytes");

    override = request -> reply(200, "{\"app_id\":\"1234\"}");
    assertThatThrownBy(guest::info).isInstanceOf(DecodeException.class).hasMessageContaining("Info.app_id");

    override = request -> reply(200, "[1,2]");
    assertThatThrownBy(guest::version).isInstanceOf(DecodeException.class).hasMessageContaining("Version response");

    override = request -> reply(200, "{\"quote\":\"\"}");
    assertThatThrownBy(() -> guest.getQuote(new byte[0]))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("GetQuote.quote");
  }

  @Test
  void theSimulatorEnvironmentVariableSelectsAnHttpEndpoint() {
    try (DstackGuestClient client =
        DstackGuestClient.builder()
            .environment(Map.of(DstackGuestClient.SIMULATOR_ENDPOINT_ENV, server.url("/").uri().toString()))
            .socketPaths(List.of())
            .build()) {
      assertThat(client.endpoint().isUnixSocket()).isFalse();
      assertThat(client.info().appName()).isEqualTo("mock-kms");
    }
  }

  @Test
  void withoutEndpointOrSocketTheClientSaysWhatItTried(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("dstack.sock");
    assertThatThrownBy(
            () -> DstackGuestClient.builder().environment(Map.of()).socketPaths(List.of(missing)).build())
        .isInstanceOfSatisfying(
            GuestAgentNotFoundException.class, e -> assertThat(e.probed()).containsExactly(missing))
        .hasMessageContaining(DstackGuestClient.SIMULATOR_ENDPOINT_ENV);

    Path present = dir.resolve("run/dstack.sock");
    Files.createDirectories(present.getParent());
    Files.createFile(present);
    try (DstackGuestClient client =
        DstackGuestClient.builder().environment(Map.of()).socketPaths(List.of(missing, present)).build()) {
      assertThat(client.endpoint()).isEqualTo(GuestEndpoint.unixSocket(present));
    }
  }

  @Test
  void anUnreachableAgentIsATransportFailure() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (HttpTransport transport = HttpTransport.builder().retryPolicy(RetryPolicy.none()).build();
        DstackGuestClient client =
            DstackGuestClient.builder()
                .endpoint(GuestEndpoint.http(URI.create("http://127.0.0.1:" + port)))
                .transport(transport)
                .build()) {
      assertThatThrownBy(client::info).isInstanceOf(PhalaTransportException.class);
    }
  }

  @Test
  void aClosedClientRefusesCalls() {
    DstackGuestV1 v1 = guest.v1();
    guest.close();
    assertThatThrownBy(guest::info).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(v1::version).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> guest.tappd().info()).isInstanceOf(IllegalStateException.class);
    assertThat(guest.toString()).contains("closed");
  }

  @Test
  void endpointsParseLikeTheDstackSdks() {
    assertThat(GuestEndpoint.parse("http://localhost:8090/").baseUrl()).isEqualTo(URI.create("http://localhost:8090"));
    assertThat(GuestEndpoint.parse("/var/run/dstack.sock").socketPath()).isEqualTo(Path.of("/var/run/dstack.sock"));
    assertThatThrownBy(() -> GuestEndpoint.parse(" ")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> GuestEndpoint.http(URI.create("ftp://x"))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void legacyTappdPathsDeriveTheSameKeyAndQuote() throws Exception {
    DerivedKey legacy = guest.tappd().deriveK256Key("wallet", "ethereum");
    assertThat(lastRequest().getTarget()).isEqualTo("/prpc/Tappd.DeriveK256Key");
    assertThat(legacy.key()).isEqualTo(guest.getKey("wallet", "ethereum", KeyAlgorithm.SECP256K1).key());
    SignatureChainVerifier.trusting(FakeGuestAgent.KMS_ROOT.publicKey()).verify(legacy, FakeGuestAgent.APP_ID);

    byte[] raw = new byte[64];
    raw[63] = 9;
    TappdQuote quote = guest.tappd().rawQuote(raw);
    assertThat(Arrays.copyOfRange(quote.quote(), 568, 632)).isEqualTo(raw);
    assertThat(quote.hashAlgorithm()).isEqualTo("raw");
    assertThatThrownBy(() -> guest.tappd().rawQuote(new byte[32]))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("exactly 64 bytes");

    TappdQuote hashed = guest.tappd().tdxQuote("hello".getBytes(StandardCharsets.UTF_8), "sha256");
    assertThat(hashed.prefix()).isEqualTo("app-data");
    assertThat(Arrays.copyOfRange(hashed.quote(), 568, 600))
        .isEqualTo(FakeGuestAgent.sha256("app-data:hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(guest.tappd().info().appName()).isEqualTo("mock-kms");
  }

  @Test
  void legacyTappdDiscoveryUsesItsOwnVariableAndSockets() {
    try (DstackGuestClient client =
        DstackGuestClient.builder()
            .legacyTappd()
            .environment(
                Map.of(
                    DstackGuestClient.SIMULATOR_ENDPOINT_ENV, "http://127.0.0.1:1",
                    DstackGuestClient.TAPPD_SIMULATOR_ENDPOINT_ENV, server.url("/").uri().toString()))
            .build()) {
      assertThat(client.tappd().info().appId()).isEqualTo(FakeGuestAgent.APP_ID);
    }
    assertThatThrownBy(() -> DstackGuestClient.builder().environment(Map.of()).legacyTappd().socketPaths(List.of()).build())
        .isInstanceOf(GuestAgentNotFoundException.class)
        .hasMessageContaining(DstackGuestClient.TAPPD_SIMULATOR_ENDPOINT_ENV);
    assertThat(DstackGuestClient.TAPPD_SOCKET_PATHS.get(0)).isEqualTo(Path.of("/var/run/tappd.sock"));
  }

  @Test
  void aV1Secp256k1KeyGivesItsPrivateKeyAndAnEd25519OneRefuses() {
    DstackGuestV1 v1 = enableV1();
    DerivedKeyV1 k256 = v1.getKey("d", KeyAlgorithm.SECP256K1);
    assertThat(k256.secp256k1PrivateKey().publicKey().compressed()).isEqualTo(k256.publicKey());
    assertThatThrownBy(() -> v1.getKey("d", KeyAlgorithm.ED25519).secp256k1PrivateKey())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void bodyLevelWireLoggingNeverWritesADerivedKey() {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (HttpTransport transport =
            HttpTransport.builder()
                .wireLogging(io.phat4j.core.http.WireLogLevel.BODY)
                .wireLogger(lines::add)
                .build();
        DstackGuestClient client =
            DstackGuestClient.builder().endpoint(server.url("/").uri().toString()).transport(transport).build()) {
      DerivedKey key = client.getKey("wallet");
      TlsKey tls = client.getTlsKey(TlsKeyRequest.builder("x").build());
      client.version();

      String log = String.join("\n", lines);
      assertThat(log).contains("/GetKey").contains("/Version").contains("d1e2f3a");
      assertThat(log).doesNotContain(Hex.encode(key.key().revealBytes())).doesNotContain("BEGIN PRIVATE KEY");
      assertThat(tls.privateKeyPem().reveal()).contains("BEGIN PRIVATE KEY");
      // nor do the values themselves print their secrets
      String keyHex = Hex.encode(key.key().revealBytes());
      assertThat(key.toString()).doesNotContain(keyHex).doesNotContain(keyHex.toUpperCase(java.util.Locale.ROOT));
      assertThat(key.secp256k1PrivateKey().toString()).doesNotContain(keyHex);
      assertThat(tls.toString()).doesNotContain("BEGIN PRIVATE KEY");
    }
  }
}

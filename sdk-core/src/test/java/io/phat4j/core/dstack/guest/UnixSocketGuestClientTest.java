package io.phat4j.core.dstack.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.Hex;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guest client over a real Unix domain socket, as inside a CVM. */
class UnixSocketGuestClientTest {
  private final FakeGuestAgent agent = new FakeGuestAgent();
  private Path dir;
  private UnixHttpServer server;

  @BeforeEach
  void start() throws IOException {
    // A short path: Unix socket paths are limited to about 100 bytes.
    dir = Files.createTempDirectory(Path.of("/tmp"), "dstack");
    server = new UnixHttpServer(dir.resolve("dstack.sock"), agent);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    Files.deleteIfExists(dir);
  }

  private DstackGuestClient probing(Path... candidates) {
    return DstackGuestClient.builder().environment(Map.of()).socketPaths(List.of(candidates)).build();
  }

  @Test
  void theFirstExistingSocketIsUsedAndSpeaksHttpOverIt() {
    try (DstackGuestClient guest = probing(dir.resolve("missing.sock"), server.path())) {
      assertThat(guest.endpoint()).isEqualTo(GuestEndpoint.unixSocket(server.path()));

      DerivedKey key = guest.getKey("wallet", "ethereum", KeyAlgorithm.SECP256K1);

      SignatureChainVerifier.trusting(FakeGuestAgent.KMS_ROOT.publicKey()).verify(key, FakeGuestAgent.APP_ID);
      UnixHttpServer.Request request = server.requests.get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.target()).isEqualTo("/GetKey");
      assertThat(request.headers()).containsEntry("host", "localhost");
      assertThat(request.headers().get("content-type")).startsWith("application/json");
      assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("\"path\":\"wallet\"");
    }
  }

  @Test
  void quoteInfoAndEventsWorkOverTheSocket() {
    try (DstackGuestClient guest = probing(server.path())) {
      byte[] nonce = Hex.decode("nonce", "00112233445566778899aabbccddeeff");
      GuestQuote quote = guest.getQuote(nonce);
      assertThat(Arrays.copyOfRange(quote.quote(), 568, 632)).isEqualTo(Arrays.copyOf(nonce, 64));
      assertThat(quote.eventLog().replay().rtmr3().toByteArray())
          .isEqualTo(Arrays.copyOfRange(quote.quote(), 520, 568));

      GuestInfo info = guest.info();
      assertThat(info.appId()).isEqualTo(FakeGuestAgent.APP_ID);
      assertThat(info.tcbInfo().eventLog().replay()).isEqualTo(info.tcbInfo().rtmrs());

      guest.emitEvent("ready", new byte[] {1});
      assertThat(agent.events).containsExactly("ready:01");
      assertThat(guest.apiVersion()).isEqualTo(GuestApiVersion.V0);
    }
  }

  @Test
  void anEndpointFromTheEnvironmentThatIsNotAUrlIsASocketPath() {
    try (DstackGuestClient guest =
        DstackGuestClient.builder()
            .environment(Map.of(DstackGuestClient.SIMULATOR_ENDPOINT_ENV, server.path().toString()))
            .socketPaths(List.of())
            .build()) {
      assertThat(guest.endpoint().isUnixSocket()).isTrue();
      assertThat(guest.version().version()).isEqualTo(FakeGuestAgent.VERSION);
    }
  }

  @Test
  void concurrentCallsFromManyThreadsEachGetTheirOwnAnswer() throws Exception {
    try (DstackGuestClient guest = probing(server.path())) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<DerivedKey>> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          String path = "k" + i;
          keys.add(pool.submit(() -> guest.getKey(path)));
        }
        for (int i = 0; i < keys.size(); i++) {
          assertThat(keys.get(i).get().key())
              .isEqualTo(GuestKeyDerivation.v0(FakeGuestAgent.APP_ROOT, "k" + i));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aSocketNobodyListensOnIsATransportFailure() throws IOException {
    DstackGuestClient guest;
    try (HttpTransport transport = HttpTransport.builder().retryPolicy(RetryPolicy.none()).build()) {
      guest = DstackGuestClient.builder().endpoint(server.path().toString()).transport(transport).build();
      server.close();
      assertThatThrownBy(guest::info)
          .isInstanceOf(PhalaTransportException.class)
          .hasMessageContaining("/Info");
      guest.close();
      // The caller's transport is not closed by the client.
      assertThat(transport.isClosed()).isFalse();
    }
  }

  @Test
  void anAgentThatNeverAnswersEndsInATimeoutNotAHang() throws Exception {
    Path silent = dir.resolve("silent.sock");
    try (java.nio.channels.ServerSocketChannel listener =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      listener.bind(java.net.UnixDomainSocketAddress.of(silent));
      // Accepts the connection (the backlog does) but never reads or answers.
      try (HttpTransport transport =
              HttpTransport.builder()
                  .retryPolicy(RetryPolicy.none())
                  .readTimeout(java.time.Duration.ofMillis(300))
                  .build();
          DstackGuestClient guest =
              DstackGuestClient.builder().endpoint(silent.toString()).transport(transport).build()) {
        assertThatThrownBy(guest::info).isInstanceOf(PhalaTransportException.class);
      }
    } finally {
      Files.deleteIfExists(silent);
    }
  }
}

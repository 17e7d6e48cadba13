package io.phat4j.devnet.ratls;

import io.phat4j.testkit.TinyHttpsServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.phat4j.attestation.ratls.RaTls;
import io.phat4j.attestation.ratls.RaTlsIdentity;
import io.phat4j.attestation.ratls.RaTlsKeyManager;
import io.phat4j.attestation.ratls.RaTlsLink;
import io.phat4j.attestation.ratls.RaTlsVerificationException;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loopback HTTPS with devnet-issued RA-TLS certificates: OkHttp and java.net.http, one-way and
 * mutual, accepted under the right policy and rejected, naming the link, under a wrong one.
 */
@Timeout(180)
class RaTlsRoundTripTest extends RaTlsDevnetTest {
  @Test
  void okHttp_rightPolicy_connectsAndReportsTheAttestedIdentity() throws Exception {
    try (TinyHttpsServer https = new TinyHttpsServer(plainServer(), false, "hello from the enclave")) {
      RaTls ra = raTls(server.composeHash()).build();
      java.util.concurrent.atomic.AtomicReference<RaTlsIdentity> seen = new java.util.concurrent.atomic.AtomicReference<>();
      OkHttpClient http = ra.configure(new OkHttpClient.Builder())
          .addNetworkInterceptor(chain -> {
            seen.set(RaTls.identity(chain.connection()));
            return chain.proceed(chain.request());
          })
          .build();
      for (int i = 0; i < 3; i++) {
        // The certificate names localhost; the attested identity, not the host name, is what is checked.
        String host = i == 2 ? "127.0.0.1" : "localhost";
        try (Response r = http.newCall(new Request.Builder().url("https://" + host + ":" + https.port() + "/").build()).execute()) {
          assertThat(r.code()).isEqualTo(200);
          assertThat(r.body().string()).isEqualTo("hello from the enclave");
          RaTlsIdentity id = seen.getAndSet(null);
          assertThat(id).isNotNull();
          assertThat(id.composeHash()).isEqualTo(server.composeHash());
          assertThat(id.appId()).isEqualTo(server.appId());
        }
        http.connectionPool().evictAll();
      }
      // One full verification; later handshakes with the same certificate hit the cache.
      assertThat(ra.verifier().verifications()).isEqualTo(1);
      http.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void javaHttpClient_rightPolicyPasses_wrongPolicyFails() throws Exception {
    try (TinyHttpsServer https = new TinyHttpsServer(plainServer(), false, "jdk says hi")) {
      URI uri = URI.create("https://localhost:" + https.port() + "/");
      try (HttpClient ok = raTls(server.composeHash()).build().configure(HttpClient.newBuilder()).build()) {
        HttpResponse<String> r = ok.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("jdk says hi");
        RaTlsIdentity id = RaTls.identity(r.sslSession().orElseThrow());
        assertThat(id).isNotNull();
        assertThat(id.composeHash()).isEqualTo(server.composeHash());
      }
      try (HttpClient bad = raTls(OTHER).build().configure(HttpClient.newBuilder()).build()) {
        Throwable t = catchThrowable(() -> bad.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(t).isInstanceOf(java.io.IOException.class);
        RaTlsVerificationException e = RaTls.failure(t);
        assertThat(e).as("cause chain of %s", t).isNotNull();
        assertThat(e.link()).isEqualTo(RaTlsLink.APP_VERIFICATION);
      }
    }
  }

  /** A server key that can be swapped under a running server, as when a model server restarts. */
  private static final class SwitchingKeyManager extends javax.net.ssl.X509ExtendedKeyManager {
    final java.util.concurrent.atomic.AtomicReference<RaTlsKeyManager> current;

    SwitchingKeyManager(RaTlsKeyManager first) {
      current = new java.util.concurrent.atomic.AtomicReference<>(first);
    }

    @Override
    public String[] getClientAliases(String t, java.security.Principal[] i) {
      return current.get().getClientAliases(t, i);
    }

    @Override
    public String chooseClientAlias(String[] t, java.security.Principal[] i, java.net.Socket s) {
      return current.get().chooseClientAlias(t, i, s);
    }

    @Override
    public String[] getServerAliases(String t, java.security.Principal[] i) {
      return current.get().getServerAliases(t, i);
    }

    @Override
    public String chooseServerAlias(String t, java.security.Principal[] i, java.net.Socket s) {
      return current.get().chooseServerAlias(t, i, s);
    }

    @Override
    public String chooseEngineServerAlias(String t, java.security.Principal[] i, javax.net.ssl.SSLEngine e) {
      return current.get().chooseEngineServerAlias(t, i, e);
    }

    @Override
    public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
      return current.get().getCertificateChain(alias);
    }

    @Override
    public java.security.PrivateKey getPrivateKey(String alias) {
      return current.get().getPrivateKey(alias);
    }
  }

  @Test
  void confidentialAiClient_pinsTheAttestedKey_andRefusesARotatedOne() throws Exception {
    SwitchingKeyManager keys = new SwitchingKeyManager(serverKey);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new javax.net.ssl.KeyManager[] {keys}, null, null);
    String models = "{\"data\":[{\"id\":\"attested-model\",\"providers\":[\"phala\"],\"metadata\":{}}]}";
    try (TinyHttpsServer https = new TinyHttpsServer(ctx, false, models);
        io.phat4j.ai.ConfidentialAiClient ai = io.phat4j.ai.ConfidentialAiClient.builder()
            .baseUrl("https://localhost:" + https.port() + "/v1")
            .raTls(raTls(server.composeHash()).build())
            .build()) {
      assertThat(ai.attestedEndpoint()).isNull();
      assertThat(ai.models()).extracting(io.phat4j.ai.ModelInfo::id).containsExactly("attested-model");
      RaTlsIdentity pinned = ai.attestedEndpoint();
      assertThat(pinned).isNotNull();
      assertThat(pinned.composeHash()).isEqualTo(server.composeHash());
      assertThat(ai.models()).hasSize(1); // a new connection (the server closes each), same key

      // The same app, a new attested key: the policy would pass, the pin does not.
      try (DstackGuestClient g = DstackGuestClient.builder().endpoint(server.guestAgentEndpoint().toString()).build()) {
        keys.current.set(RaTlsKeyManager.fromGuestAgent(g, "localhost"));
      }
      Throwable t = catchThrowable(ai::models);
      RaTlsVerificationException e = RaTls.failure(t);
      java.io.StringWriter trace = new java.io.StringWriter();
      t.printStackTrace(new java.io.PrintWriter(trace));
      assertThat(e).as("causes of %s", trace).isNotNull();
      assertThat(e.link()).isEqualTo(RaTlsLink.PINNED_KEY);
      assertThat(e.getMessage()).contains(pinned.publicKeySha256().hex());
    }
  }

  @Test
  void mutual_bothPoliciesRight_passes_wrongClientPolicy_isRejectedByTheServer() throws Exception {
    RaTls serverSide = raTls(client.composeHash()).keyManager(serverKey).build();
    try (TinyHttpsServer https = new TinyHttpsServer(serverSide.sslContext(), true, "mutual ok")) {
      RaTls clientSide = raTls(server.composeHash()).keyManager(clientKey).build();
      OkHttpClient http = clientSide.configure(new OkHttpClient.Builder()).build();
      try (Response r = http.newCall(new Request.Builder().url("https://localhost:" + https.port() + "/").build()).execute()) {
        assertThat(r.body().string()).isEqualTo("mutual ok");
      }
      assertThat(serverSide.verifier().cachedIdentity(clientKey.certificate().leaf()).composeHash()).isEqualTo(client.composeHash());
      assertThat(https.handshakeFailures).isEmpty();

      // A client without an RA-TLS certificate is refused by the server.
      try (HttpClient noCert = raTls(server.composeHash()).build().configure(HttpClient.newBuilder()).build()) {
        Throwable t = catchThrowable(() -> noCert.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + https.port() + "/")).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(t).isInstanceOf(java.io.IOException.class);
      }
      assertThat(https.handshakeFailures.poll(10, TimeUnit.SECONDS)).isNotNull();
      http.dispatcher().executorService().shutdown();
    }

    // The server expects another app: the client's attested certificate is rejected server-side, naming the link.
    RaTls strictServer = raTls(OTHER).keyManager(serverKey).build();
    try (TinyHttpsServer https = new TinyHttpsServer(strictServer.sslContext(), true, "never")) {
      RaTls clientSide = raTls(server.composeHash()).keyManager(clientKey).build();
      try (HttpClient http = clientSide.configure(HttpClient.newBuilder()).build()) {
        Throwable t = catchThrowable(() -> http.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + https.port() + "/")).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(t).isInstanceOf(java.io.IOException.class);
      }
      Throwable serverSaw = https.handshakeFailures.poll(10, TimeUnit.SECONDS);
      RaTlsVerificationException e = RaTls.failure(serverSaw);
      assertThat(e).as("server-side failure %s", serverSaw).isNotNull();
      assertThat(e.link()).isEqualTo(RaTlsLink.APP_VERIFICATION);
      assertThat(e.getMessage()).contains(client.composeHash().hex());
    }
  }
}

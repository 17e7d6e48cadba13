package io.phat4j.devnet.ratls;

import io.phat4j.testkit.TinyHttpsServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.attestation.ratls.RaTls;
import io.phat4j.attestation.ratls.RaTlsIdentity;
import io.phat4j.attestation.ratls.RaTlsKeyManager;
import io.phat4j.attestation.ratls.RaTlsLink;
import io.phat4j.attestation.ratls.RaTlsVerificationException;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.Bytes32;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.devnet.Devnet;
import io.phat4j.devnet.DevnetCvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loopback HTTPS with devnet-issued RA-TLS certificates that must be refused: a policy expecting
 * another app, a server without attestation; the failure names the link.
 */
@Timeout(180)
class RaTlsRejectionTest {
  private static final Bytes32 OTHER = Bytes32.fromHex("11".repeat(32));
  private static Devnet devnet;
  private static DevnetCvm server;
  private static DevnetCvm client;
  private static PcsCollateralClient pccs;
  private static RaTlsKeyManager serverKey;
  private static RaTlsKeyManager clientKey;

  @BeforeAll
  static void start() {
    devnet = Devnet.builder().chain(false).bootStep(Duration.ZERO).guestAgentVersion("0.6.0").start();
    try (PhalaCloudClient cloud = devnet.cloudClient()) {
      DeployOptions opts = DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build();
      server = devnet.cvm(cloud.deploy(
          AppSpec.builder("ratls-server", "services:\n  a:\n    image: example/server:1\n").build(), opts).deployment().appId());
      client = devnet.cvm(cloud.deploy(
          AppSpec.builder("ratls-client", "services:\n  a:\n    image: example/client:1\n").build(), opts).deployment().appId());
    }
    pccs = devnet.collateralClient();
    try (DstackGuestClient g = DstackGuestClient.builder().endpoint(server.guestAgentEndpoint().toString()).build()) {
      serverKey = RaTlsKeyManager.fromGuestAgent(g, "localhost");
    }
    try (DstackGuestClient g = DstackGuestClient.builder().endpoint(client.guestAgentEndpoint().toString()).build()) {
      clientKey = RaTlsKeyManager.fromGuestAgent(g, "ratls-client.local");
    }
  }

  @AfterAll
  static void stop() {
    pccs.close();
    devnet.close();
  }

  private static RaTls.Builder raTls(Bytes32 composeHash) {
    AppVerifier verifier = AppVerifier.builder()
        .quoteVerifier(QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build())
        .collateralSource(pccs)
        .build();
    return RaTls.builder().appVerifier(verifier).policy(AppPolicy.builder().allowComposeHashes(composeHash).allowDevImages(true).build());
  }

  private static SSLContext plainServer() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new javax.net.ssl.KeyManager[] {serverKey}, null, null);
    return ctx;
  }

  @Test
  void okHttp_wrongComposeHash_failsTheHandshakeNamingAppVerification() throws Exception {
    try (TinyHttpsServer https = new TinyHttpsServer(plainServer(), false, "secret")) {
      OkHttpClient http = raTls(OTHER).build().configure(new OkHttpClient.Builder()).build();
      Throwable t = catchThrowable(() -> http.newCall(new Request.Builder().url("https://127.0.0.1:" + https.port() + "/").build()).execute());
      assertThat(t).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
      RaTlsVerificationException e = RaTls.failure(t);
      assertThat(e).isNotNull();
      assertThat(e.link()).isEqualTo(RaTlsLink.APP_VERIFICATION);
      assertThat(e.getMessage()).contains("compose").contains(server.composeHash().hex());
      http.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void plainTlsServer_isRejectedNamingTheExtensions() throws Exception {
    // A server with an ordinary self-signed certificate: no attestation at all.
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    java.security.KeyPair kp = g.generateKeyPair();
    org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=localhost");
    java.security.cert.X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
            new java.util.Date(System.currentTimeMillis() - 60_000), new java.util.Date(System.currentTimeMillis() + 3_600_000), name, kp.getPublic())
            .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("k", kp.getPrivate(), new char[0], new java.security.cert.Certificate[] {cert});
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("SunX509");
    kmf.init(ks, new char[0]);
    SSLContext plain = SSLContext.getInstance("TLS");
    plain.init(kmf.getKeyManagers(), null, null);
    try (TinyHttpsServer https = new TinyHttpsServer(plain, false, "not attested")) {
      OkHttpClient http = raTls(server.composeHash()).build().configure(new OkHttpClient.Builder()).build();
      Throwable t = catchThrowable(() -> http.newCall(new Request.Builder().url("https://localhost:" + https.port() + "/").build()).execute());
      RaTlsVerificationException e = RaTls.failure(t);
      assertThat(e).isNotNull();
      assertThat(e.link()).isEqualTo(RaTlsLink.EXTENSIONS);
      assertThat(e.getMessage()).contains("1.3.6.1.4.1.62397.1.8");
      http.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void confidentialAiClient_wrongPolicy_neverSendsTheRequest() throws Exception {
    try (TinyHttpsServer https = new TinyHttpsServer(plainServer(), false, "{\"data\":[]}");
        io.phat4j.ai.ConfidentialAiClient ai = io.phat4j.ai.ConfidentialAiClient.builder()
            .baseUrl("https://localhost:" + https.port() + "/v1")
            .apiKey(io.phat4j.core.SecretString.of("sk-never-sent"))
            .raTls(raTls(OTHER).build())
            .build()) {
      RaTlsVerificationException e = RaTls.failure(catchThrowable(ai::models));
      assertThat(e).isNotNull();
      assertThat(e.link()).isEqualTo(RaTlsLink.APP_VERIFICATION);
      assertThat(ai.attestedEndpoint()).isNull();
    }
  }

}

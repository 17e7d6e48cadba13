package io.phat4j.devnet.ratls;

import io.phat4j.testkit.TinyHttpsServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.phat4j.attestation.ratls.RaTls;
import io.phat4j.attestation.ratls.RaTlsLink;
import io.phat4j.attestation.ratls.RaTlsVerificationException;
import javax.net.ssl.SSLContext;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loopback HTTPS with devnet-issued RA-TLS certificates that must be refused: a policy expecting
 * another app, a server without attestation; the failure names the link.
 */
@Timeout(180)
class RaTlsRejectionTest extends RaTlsDevnetTest {
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

package io.phat4j.attestation.ratls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.ratls.internal.CertificateReader;
import io.phat4j.core.Bytes32;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The trust decision's links, its failure cache and the JSSE wrapping, on the real dstack certificate. */
class RaTlsVerifierTest {
  private static final RaTlsCertificate FIXTURE = RaTlsCertificate.parsePem(TestCerts.resource(TestCerts.FIXTURE));
  private static final Bytes32 COMPOSE = Bytes32.fromHex("53226fcd7b6bc7ea979b0a550bf49cad993f28e2370169a9510e56c90b3029dc");
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  private static final class MutableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(NOW);

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private static RaTlsVerifier verifier(Clock clock) {
    // No collateral: the quote link fails, so every verdict is a rejection naming app verification.
    return RaTlsVerifier.builder(AppVerifier.builder().clock(clock).build(), AppPolicy.builder().allowComposeHashes(COMPOSE).build())
        .clock(clock)
        .build();
  }

  @Test
  void verify_withoutCollateral_rejectsNamingAppVerificationAndTheQuote() {
    RaTlsVerificationException e = catchThrowableOfType(RaTlsVerificationException.class,
        () -> verifier(Clock.fixed(NOW, ZoneOffset.UTC)).verify(FIXTURE));
    assertThat(e.link()).isEqualTo(RaTlsLink.APP_VERIFICATION);
    assertThat(e.getMessage()).startsWith("RA-TLS app verification failed: ").containsIgnoringCase("collateral");
  }

  @Test
  void rejection_isCachedForTheFailurePeriod_thenVerifiedAgain() {
    MutableClock clock = new MutableClock();
    RaTlsVerifier v = verifier(clock);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> v.verify(FIXTURE.chain())).isInstanceOf(RaTlsVerificationException.class);
    }
    assertThat(v.verifications()).isEqualTo(1);
    assertThat(v.cachedIdentity(FIXTURE.leaf())).isNull();
    clock.now.set(NOW.plus(Duration.ofSeconds(31)));
    assertThatThrownBy(() -> v.verify(FIXTURE.chain())).isInstanceOf(RaTlsVerificationException.class);
    assertThat(v.verifications()).isEqualTo(2);
  }

  @Test
  void reKeyedCertificate_failsKeyBindingBeforeTheAppVerifier() {
    KeyPair attacker = TestCerts.ecKey();
    X509Certificate forged = TestCerts.leaf(attacker.getPublic(), attacker,
        Map.of(RaTlsExtension.ATTESTATION, CertificateReader.extension(FIXTURE.leaf(), RaTlsExtension.ATTESTATION)));
    RaTlsVerificationException e = catchThrowableOfType(RaTlsVerificationException.class,
        () -> verifier(Clock.systemUTC()).verify(List.of(forged)));
    assertThat(e.link()).isEqualTo(RaTlsLink.KEY_BINDING);
  }

  @Test
  void certificateWithoutAttestation_failsExtensions_andEmptyChainFailsTheChain() {
    KeyPair k = TestCerts.ecKey();
    X509Certificate plain = TestCerts.leaf(k.getPublic(), k, Map.of());
    RaTlsVerifier v = verifier(Clock.systemUTC());
    assertThat(catchThrowableOfType(RaTlsVerificationException.class, () -> v.verify(List.of(plain))).link())
        .isEqualTo(RaTlsLink.EXTENSIONS);
    assertThat(catchThrowableOfType(RaTlsVerificationException.class, () -> v.verify(List.of())).link())
        .isEqualTo(RaTlsLink.CERTIFICATE_CHAIN);
  }

  @Test
  void expiredLeaf_failsTheChainLink() {
    // The test certificates are valid for a day around now; ten days later they are expired.
    KeyPair k = TestCerts.ecKey();
    X509Certificate leaf = TestCerts.leaf(k.getPublic(), k,
        Map.of(RaTlsExtension.ATTESTATION, CertificateReader.extension(FIXTURE.leaf(), RaTlsExtension.ATTESTATION)));
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(10)), ZoneOffset.UTC);
    RaTlsVerificationException e = catchThrowableOfType(RaTlsVerificationException.class, () -> verifier(later).verify(List.of(leaf)));
    assertThat(e.link()).isEqualTo(RaTlsLink.CERTIFICATE_CHAIN);
    assertThat(e.getMessage()).contains("not valid at");
  }

  @Test
  void policyPinningNothing_isRefusedUnlessAnyAppIsAllowed() {
    AppVerifier av = AppVerifier.builder().build();
    assertThatThrownBy(() -> RaTlsVerifier.builder(av, AppPolicy.builder().build()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allows any app");
    assertThat(RaTlsVerifier.builder(av, AppPolicy.builder().build()).allowAnyApp(true).build()).isNotNull();
    assertThatThrownBy(() -> RaTlsVerifier.builder(av, AppPolicy.builder().allowComposeHashes(COMPOSE)
        .expectedReportData(new byte[64]).build()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("report data");
  }

  @Test
  void trustManager_wrapsTheRejectionAsTheCauseOfACertificateException() {
    RaTlsTrustManager tm = new RaTlsTrustManager(verifier(Clock.fixed(NOW, ZoneOffset.UTC)));
    X509Certificate[] chain = FIXTURE.chain().toArray(X509Certificate[]::new);
    CertificateException server = catchThrowableOfType(CertificateException.class, () -> tm.checkServerTrusted(chain, "ECDHE_ECDSA"));
    CertificateException client = catchThrowableOfType(CertificateException.class, () -> tm.checkClientTrusted(chain, "ECDSA"));
    for (CertificateException e : List.of(server, client)) {
      RaTlsVerificationException cause = RaTls.failure(new javax.net.ssl.SSLHandshakeException("handshake", e));
      assertThat(cause).isNotNull();
      assertThat(cause.link()).isEqualTo(RaTlsLink.APP_VERIFICATION);
    }
    assertThat(tm.getAcceptedIssuers()).isEmpty();
    assertThat(RaTls.failure(new java.io.IOException("plain"))).isNull();
  }
}

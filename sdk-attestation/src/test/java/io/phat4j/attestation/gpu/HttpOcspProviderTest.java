package io.phat4j.attestation.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.attestation.MutableClock;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpOcspProviderTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final TestGpuPki.Issued ROOT = TestGpuPki.root("OCSP test root");
  private static final TestGpuPki.Issued CA = TestGpuPki.ca("OCSP test CA", ROOT);
  private static final TestGpuPki.Issued SUBJECT = TestGpuPki.ca("OCSP test subject CA", CA);
  private static final TestGpuPki.Issued RESPONDER = TestGpuPki.responder("OCSP test responder", ROOT, true);
  private static final List<java.security.cert.X509Certificate> ISSUERS = List.of(CA.cert(), ROOT.cert());

  private final MockWebServer server = new MockWebServer();
  private final MutableClock clock = new MutableClock(NOW);
  private TestOcspResponder responder;
  private HttpTransport transport;
  private HttpOcspProvider provider;

  @BeforeEach
  void start() throws IOException {
    responder = new TestOcspResponder(RESPONDER, NOW.minusSeconds(600), NOW.plus(Duration.ofHours(12)));
    server.setDispatcher(responder);
    server.start();
    transport = HttpTransport.builder().retryPolicy(RetryPolicy.none()).build();
    provider = HttpOcspProvider.builder().url(URI.create(server.url("/").toString()))
        .transport(transport).clock(clock).build();
  }

  @AfterEach
  void stop() {
    provider.close();
    transport.close();
    server.close();
  }

  @Test
  void check_good_sendsSha384CertIdAndCriticalNonceAsOcspRequest() throws Exception {
    OcspResult r = provider.check(SUBJECT.cert(), ISSUERS);

    assertThat(r.status()).isEqualTo(OcspStatus.GOOD);
    assertThat(r.nextUpdate()).isEqualTo(NOW.plus(Duration.ofHours(12)));
    assertThat(responder.contentTypes).containsExactly("application/ocsp-request");
    OCSPReq sent = responder.requests.get(0);
    assertThat(sent.getRequestList()).hasSize(1);
    assertThat(sent.getRequestList()[0].getCertID().getHashAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha384);
    assertThat(sent.getRequestList()[0].getCertID().getSerialNumber()).isEqualTo(SUBJECT.cert().getSerialNumber());
    var nonce = sent.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    assertThat(nonce.isCritical()).isTrue();
    assertThat(org.bouncycastle.asn1.ASN1OctetString.getInstance(nonce.getExtnValue().getOctets()).getOctets())
        .hasSize(32);
  }

  @Test
  void check_twice_sendsFreshNonces() {
    provider.check(SUBJECT.cert(), ISSUERS);
    provider.check(SUBJECT.cert(), ISSUERS);

    assertThat(responder.requests.get(0).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce))
        .isNotEqualTo(responder.requests.get(1).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
  }

  @Test
  void check_revoked_returnsReasonAndTime() {
    Instant revokedAt = NOW.minus(Duration.ofDays(3));
    responder.status = new RevokedStatus(java.util.Date.from(revokedAt), CRLReason.keyCompromise);

    OcspResult r = provider.check(SUBJECT.cert(), ISSUERS);

    assertThat(r.status()).isEqualTo(OcspStatus.REVOKED);
    assertThat(r.revocationTime()).isEqualTo(revokedAt);
    assertThat(r.revocationReason()).isEqualTo(CRLReason.keyCompromise);
    assertThat(r.onHold()).isFalse();
  }

  @Test
  void check_onHold_isRevokedWithHoldReason() {
    responder.status = new RevokedStatus(java.util.Date.from(NOW.minusSeconds(60)), CRLReason.certificateHold);

    OcspResult r = provider.check(SUBJECT.cert(), ISSUERS);

    assertThat(r.status()).isEqualTo(OcspStatus.REVOKED);
    assertThat(r.onHold()).isTrue();
  }

  @Test
  void check_unknown_returnsUnknown() {
    responder.status = new UnknownStatus();

    assertThat(provider.check(SUBJECT.cert(), ISSUERS).status()).isEqualTo(OcspStatus.UNKNOWN);
  }

  @Test
  void check_signedByIssuerItself_isAccepted() {
    responder.signer = CA;

    assertThat(provider.check(SUBJECT.cert(), ISSUERS).status()).isEqualTo(OcspStatus.GOOD);
  }

  @Test
  void check_badSignature_throws() {
    responder.signWith = TestGpuPki.p384();

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("signature does not verify");
  }

  @Test
  void check_wrongNonce_throws() {
    responder.nonceMode = TestOcspResponder.NonceMode.WRONG;

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("nonce is not the one sent");
  }

  @Test
  void check_nonceDropped_throws() {
    responder.nonceMode = TestOcspResponder.NonceMode.NONE;

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("carries no nonce");
  }

  @Test
  void check_withoutNonce_acceptsAnswerWithoutNonce() {
    responder.nonceMode = TestOcspResponder.NonceMode.NONE;
    try (HttpOcspProvider noNonce = HttpOcspProvider.builder().url(URI.create(server.url("/").toString()))
        .transport(transport).clock(clock).nonce(false).build()) {
      assertThat(noNonce.check(SUBJECT.cert(), ISSUERS).status()).isEqualTo(OcspStatus.GOOD);
      assertThat(responder.requests.get(0).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNull();
    }
  }

  @Test
  void check_stale_throws() {
    responder.thisUpdate = NOW.minus(Duration.ofDays(2));
    responder.nextUpdate = NOW.minus(Duration.ofDays(1));

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("stale");
  }

  @Test
  void check_thisUpdateInTheFuture_throws() {
    responder.thisUpdate = NOW.plus(Duration.ofHours(1));
    responder.nextUpdate = NOW.plus(Duration.ofHours(13));

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("in the future");
  }

  @Test
  void check_oldAnswerWithoutNextUpdate_throws() {
    responder.thisUpdate = NOW.minus(Duration.ofDays(2));
    responder.nextUpdate = null;

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("without nextUpdate");
  }

  @Test
  void check_responderWithoutOcspSigningEku_throws() {
    responder.signer = TestGpuPki.responder("no-EKU responder", ROOT, false);

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("id-kp-OCSPSigning");
  }

  @Test
  void check_responderFromAnotherRoot_throws() {
    responder.signer = TestGpuPki.responder("foreign responder", TestGpuPki.root("foreign root"), true);

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("does not chain to the pinned root");
  }

  @Test
  void check_answerForAnotherSerial_throws() {
    responder.answerOtherSerial = true;

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("no answer for serial");
  }

  @Test
  void check_httpError_throwsServiceException() {
    responder.httpStatus = 503;

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOfSatisfying(NvidiaServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
  }

  @Test
  void check_malformedBody_throws() {
    responder.garbage = true;

    assertThatThrownBy(() -> provider.check(SUBJECT.cert(), ISSUERS))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("OCSP");
  }

  @Test
  void caching_reusesAnswerUntilNextUpdate() {
    OcspProvider cached = OcspProvider.caching(provider, clock);

    cached.check(SUBJECT.cert(), ISSUERS);
    cached.check(SUBJECT.cert(), ISSUERS);
    assertThat(responder.requests).hasSize(1);

    clock.set(NOW.plus(Duration.ofHours(12)));
    responder.thisUpdate = clock.instant().minusSeconds(60);
    responder.nextUpdate = clock.instant().plus(Duration.ofHours(12));
    cached.check(SUBJECT.cert(), ISSUERS);
    assertThat(responder.requests).hasSize(2);
  }

  @Test
  void caching_doesNotKeepFailuresOrAnswersWithoutNextUpdate() {
    OcspProvider cached = OcspProvider.caching(provider, clock);
    responder.nonceMode = TestOcspResponder.NonceMode.WRONG;
    assertThatThrownBy(() -> cached.check(SUBJECT.cert(), ISSUERS)).isInstanceOf(OcspException.class);

    responder.nonceMode = TestOcspResponder.NonceMode.ECHO;
    responder.nextUpdate = null;
    cached.check(SUBJECT.cert(), ISSUERS);
    cached.check(SUBJECT.cert(), ISSUERS);

    assertThat(responder.requests).hasSize(3);
  }

  @Test
  void caching_keysByCertificate() {
    OcspProvider cached = OcspProvider.caching(provider, clock);
    TestGpuPki.Issued other = TestGpuPki.ca("OCSP other subject", CA);

    cached.check(SUBJECT.cert(), ISSUERS);
    cached.check(other.cert(), ISSUERS);

    assertThat(responder.requests).hasSize(2);
  }
}

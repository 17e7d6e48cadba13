package io.phat4j.attestation.ratls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A JSSE trust manager that trusts a peer (server, or client under mutual TLS) exactly when its
 * RA-TLS certificate passes a {@link RaTlsVerifier}: the attestation binds the certificate's key
 * and the app verifier accepts the evidence under the policy.
 *
 * <p><b>What replaces host name verification:</b> nothing here checks the host name or a CA; the
 * peer is trusted for being the attested app the policy names (its compose hash or app id),
 * whatever address it was reached at. The verified {@link RaTlsIdentity} is stored in the
 * handshake session ({@link RaTls#identity(SSLSession)}).
 *
 * <p>A rejection throws a {@link CertificateException} whose cause is the
 * {@link RaTlsVerificationException}; JSSE wraps it in the {@code SSLHandshakeException}, so
 * {@link RaTls#failure(Throwable)} finds it. Thread-safe.
 */
public final class RaTlsTrustManager extends X509ExtendedTrustManager {
  /** The {@link SSLSession} value name under which the peer's {@link RaTlsIdentity} is stored. */
  public static final String SESSION_IDENTITY = "io.phat4j.ratls.identity";

  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private final RaTlsVerifier verifier;

  /**
   * Creates a trust manager over a verifier.
   *
   * @param verifier the verifier (and its cache) to use
   */
  public RaTlsTrustManager(RaTlsVerifier verifier) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  /**
   * Returns the verifier.
   *
   * @return the verifier
   */
  public RaTlsVerifier verifier() {
    return verifier;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket) throws CertificateException {
    check(chain, socket instanceof SSLSocket s ? s.getHandshakeSession() : null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine) throws CertificateException {
    check(chain, engine == null ? null : engine.getHandshakeSession());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket) throws CertificateException {
    check(chain, socket instanceof SSLSocket s ? s.getHandshakeSession() : null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine) throws CertificateException {
    check(chain, engine == null ? null : engine.getHandshakeSession());
  }

  /** No CA is trusted: an RA-TLS peer is trusted for its attestation, not for its issuer. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS;
  }

  private void check(X509Certificate @Nullable [] chain, @Nullable SSLSession session) throws CertificateException {
    try {
      RaTlsIdentity identity = verifier.verify(chain == null ? List.of() : List.of(chain));
      if (session != null) {
        session.putValue(SESSION_IDENTITY, identity);
      }
    } catch (RaTlsVerificationException e) {
      throw new CertificateException(e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "RaTlsTrustManager[" + verifier + "]";
  }
}

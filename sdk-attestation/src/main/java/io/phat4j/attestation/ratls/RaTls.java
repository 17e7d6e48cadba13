package io.phat4j.attestation.ratls;

import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.dcap.CollateralSource;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.pcs.CachingCollateralSource;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509KeyManager;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Attested TLS to dstack apps in one line: an {@link SSLContext} that trusts a server only if its
 * RA-TLS certificate carries attestation evidence that binds the certificate's key and passes the
 * app verifier under an {@link AppPolicy}.
 *
 * <pre>{@code
 * AppPolicy policy = AppPolicy.builder().allowComposeHashes(Bytes32.fromHex(expected)).build();
 * OkHttpClient http = RaTls.builder().policy(policy).build().configure(new OkHttpClient.Builder()).build();
 * }</pre>
 *
 * <p><b>What replaces host name verification:</b> the attested identity. The server is trusted for
 * being an app the policy allows (compose hash or app id, OS image, TCB), proven by a TDX quote
 * that binds its TLS key; its host name and issuer CA are not checked, so a policy must pin
 * compose hashes or app ids (a policy that allows any app is refused unless
 * {@link Builder#allowAnyApp(boolean)}). For OkHttp, {@link #configure(OkHttpClient.Builder)} installs
 * a host name verifier that accepts exactly the sessions this trust manager verified; the JDK's
 * {@link HttpClient} does no host name check of its own with a custom trust manager.
 *
 * <p><b>A failed handshake</b> throws {@code SSLHandshakeException}; {@link #failure(Throwable)}
 * finds the {@link RaTlsVerificationException} in its causes, which names the failing link
 * (certificate chain, RA-TLS extensions, key binding, app verification) and the reason.
 *
 * <p><b>Mutual RA-TLS:</b> give the builder a key manager presenting this app's own RA-TLS
 * certificate ({@link RaTlsKeyManager}); on a server the same context checks client certificates
 * with the same policy when client authentication is required.
 *
 * <p>Thread-safe; build once and share (the verdict cache lives in the {@link RaTlsVerifier}).
 */
public final class RaTls {
  private final RaTlsVerifier verifier;
  private final RaTlsTrustManager trustManager;
  private final @Nullable X509KeyManager keyManager;
  private final SSLContext sslContext;

  private RaTls(Builder b) {
    AppVerifier appVerifier = b.appVerifier;
    if (appVerifier == null) {
      CollateralSource source = b.collateralSource != null ? b.collateralSource
          : CachingCollateralSource.builder(PcsCollateralClient.builder().phalaPccs().build()).clock(b.clock).build();
      appVerifier = AppVerifier.builder()
          .quoteVerifier(b.quoteVerifier != null ? b.quoteVerifier : QuoteVerifier.builder().clock(b.clock).build())
          .collateralSource(source)
          .clock(b.clock)
          .build();
    }
    RaTlsVerifier.Builder vb = RaTlsVerifier.builder(appVerifier, Objects.requireNonNull(b.policy, "policy"))
        .clock(b.clock)
        .cacheSize(b.cacheSize)
        .allowAnyApp(b.allowAnyApp);
    if (b.maxCacheAge != null) {
      vb.maxCacheAge(b.maxCacheAge);
    }
    this.verifier = vb.build();
    this.trustManager = new RaTlsTrustManager(verifier);
    this.keyManager = b.keyManager;
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keyManager == null ? null : new KeyManager[] {keyManager}, new javax.net.ssl.TrustManager[] {trustManager},
          new SecureRandom());
      this.sslContext = ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS SSLContext", e);
    }
  }

  /**
   * Returns an {@link SSLContext} trusting servers that prove, by RA-TLS, to be an app the policy
   * allows; collateral comes from Phala's PCCS (cached), quotes must chain to Intel's root.
   *
   * @param policy what the caller accepts (must pin compose hashes or app ids)
   * @return the context
   */
  public static SSLContext sslContext(AppPolicy policy) {
    return builder().policy(policy).build().sslContext();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the SSL context (trust manager, and key manager when one was given).
   *
   * @return the context
   */
  public SSLContext sslContext() {
    return sslContext;
  }

  /**
   * Returns the trust manager.
   *
   * @return the trust manager
   */
  public RaTlsTrustManager trustManager() {
    return trustManager;
  }

  /**
   * Returns the verifier (policy, verdict cache).
   *
   * @return the verifier
   */
  public RaTlsVerifier verifier() {
    return verifier;
  }

  /**
   * Configures an OkHttp builder: this context's socket factory and trust manager, and a host name
   * verifier that accepts a session only if its peer certificate was verified by this trust manager
   * (the attested identity replaces the host name).
   *
   * @param builder the builder
   * @return the same builder
   */
  public OkHttpClient.Builder configure(OkHttpClient.Builder builder) {
    return builder.sslSocketFactory(sslContext.getSocketFactory(), trustManager).hostnameVerifier(hostnameVerifier());
  }

  /**
   * Configures a {@link HttpClient} builder with this context. The JDK client performs no host name
   * check with a custom trust manager: the attested identity is the check.
   *
   * @param builder the builder
   * @return the same builder
   */
  public HttpClient.Builder configure(HttpClient.Builder builder) {
    return builder.sslContext(sslContext);
  }

  /**
   * Returns a host name verifier that accepts a session exactly when its peer's leaf certificate
   * has a current positive verdict from this verifier.
   *
   * @return the verifier
   */
  public HostnameVerifier hostnameVerifier() {
    return (host, session) -> identity(session) != null || peerIdentity(session) != null;
  }

  private @Nullable RaTlsIdentity peerIdentity(SSLSession session) {
    try {
      Certificate[] peer = session.getPeerCertificates();
      return peer.length > 0 && peer[0] instanceof X509Certificate leaf ? verifier.cachedIdentity(leaf) : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /**
   * Returns the identity the RA-TLS trust manager verified for a session's peer.
   *
   * @param session the TLS session (e.g. {@code SSLSocket.getSession()})
   * @return the identity, or null if this session's peer was not verified by RA-TLS
   */
  public static @Nullable RaTlsIdentity identity(SSLSession session) {
    return session.getValue(RaTlsTrustManager.SESSION_IDENTITY) instanceof RaTlsIdentity id ? id : null;
  }

  /**
   * Returns the identity verified for an OkHttp connection, for use in a network interceptor
   * ({@code chain.connection()}). OkHttp's {@code Handshake.peerCertificates()} is empty under
   * RA-TLS trust (OkHttp keeps only a chain that ends at a trusted CA, and this trust manager
   * trusts none), so read the identity from the connection's TLS session instead.
   *
   * @param connection the connection, or null
   * @return the identity, or null if the connection's peer was not verified by RA-TLS
   */
  public static @Nullable RaTlsIdentity identity(okhttp3.@Nullable Connection connection) {
    return connection != null && connection.socket() instanceof javax.net.ssl.SSLSocket s ? identity(s.getSession()) : null;
  }

  /**
   * Returns the identity verified for a peer's leaf certificate (e.g. from
   * {@code SSLSession.getPeerCertificates()[0]}).
   *
   * @param leaf the peer's leaf certificate
   * @return the identity, or null if it has no current positive verdict
   */
  public @Nullable RaTlsIdentity identity(Certificate leaf) {
    return leaf instanceof X509Certificate x ? verifier.cachedIdentity(x) : null;
  }

  /**
   * Finds the RA-TLS rejection among an exception's causes (an {@code SSLHandshakeException}, or
   * an {@code IOException} from an HTTP client).
   *
   * @param t the exception
   * @return the rejection naming the failing link, or null if RA-TLS did not reject
   */
  public static @Nullable RaTlsVerificationException failure(@Nullable Throwable t) {
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof RaTlsVerificationException e) {
        return e;
      }
      for (Throwable s : t.getSuppressed()) {
        RaTlsVerificationException e = failure(s);
        if (e != null) {
          return e;
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "RaTls[" + verifier + (keyManager == null ? "" : ", mutual") + "]";
  }

  /** Configures {@link RaTls}. Not thread-safe. */
  public static final class Builder {
    private @Nullable AppPolicy policy;
    private @Nullable AppVerifier appVerifier;
    private @Nullable QuoteVerifier quoteVerifier;
    private @Nullable CollateralSource collateralSource;
    private @Nullable X509KeyManager keyManager;
    private Clock clock = Clock.systemUTC();
    private int cacheSize = 1024;
    private @Nullable Duration maxCacheAge;
    private boolean allowAnyApp;

    private Builder() {}

    /**
     * Sets what the caller accepts (required).
     *
     * @param policy the policy; must pin compose hashes or app ids
     * @return this builder
     */
    public Builder policy(AppPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Uses this app verifier (then {@link #quoteVerifier} and {@link #collateralSource} are ignored).
     *
     * @param verifier the verifier
     * @return this builder
     */
    public Builder appVerifier(AppVerifier verifier) {
      this.appVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Uses this DCAP verifier for the default app verifier (e.g. another trust anchor).
     *
     * @param verifier the verifier
     * @return this builder
     */
    public Builder quoteVerifier(QuoteVerifier verifier) {
      this.quoteVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Gets collateral from this source for the default app verifier (default: Phala's PCCS, cached).
     *
     * @param source the source
     * @return this builder
     */
    public Builder collateralSource(CollateralSource source) {
      this.collateralSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Presents this key manager's certificate to the peer (mutual RA-TLS, or a server's own key).
     *
     * @param keyManager e.g. {@link RaTlsKeyManager#fromGuestAgent}
     * @return this builder
     */
    public Builder keyManager(X509KeyManager keyManager) {
      this.keyManager = Objects.requireNonNull(keyManager, "keyManager");
      return this;
    }

    /**
     * Sets the clock (verification time and cache expiry).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how many certificates' verdicts are cached (default 1024).
     *
     * @param entries the bound
     * @return this builder
     */
    public Builder cacheSize(int entries) {
      this.cacheSize = entries;
      return this;
    }

    /**
     * Caps how long a positive verdict is reused (default 24 hours, or less if the collateral
     * expires sooner).
     *
     * @param age the cap
     * @return this builder
     */
    public Builder maxCacheAge(Duration age) {
      this.maxCacheAge = Objects.requireNonNull(age, "age");
      return this;
    }

    /**
     * Accepts a policy that pins no compose hash or app id (any genuine dstack app passes).
     *
     * @param allow true to accept any app
     * @return this builder
     */
    public Builder allowAnyApp(boolean allow) {
      this.allowAnyApp = allow;
      return this;
    }

    /**
     * Builds it.
     *
     * @return the RA-TLS configuration
     * @throws NullPointerException if no policy was set
     * @throws IllegalArgumentException if the policy expects report data or allows any app
     */
    public RaTls build() {
      return new RaTls(this);
    }
  }
}

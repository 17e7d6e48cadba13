package io.phat4j.ai.internal;

import io.phat4j.attestation.ratls.RaTls;
import io.phat4j.attestation.ratls.RaTlsIdentity;
import io.phat4j.attestation.ratls.RaTlsLink;
import io.phat4j.attestation.ratls.RaTlsVerificationException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * An OkHttp network interceptor that pins the first attested key an RA-TLS endpoint presents:
 * every later connection must present the same key (a new attested key, e.g. after the model
 * server restarted, needs a new client). The RA-TLS trust manager has already verified each
 * connection's attestation; this adds that the key does not change under the client.
 */
public final class AttestedKeyPin implements Interceptor {
  private final AtomicReference<@Nullable RaTlsIdentity> pinned = new AtomicReference<>();

  /** Creates a pin; it reads each connection's identity from the TLS session the RA-TLS trust manager filled. */
  public AttestedKeyPin() {}

  /**
   * Returns the pinned identity.
   *
   * @return the identity of the first attested connection, or null before it
   */
  public @Nullable RaTlsIdentity pinned() {
    return pinned.get();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    // OkHttp's Handshake.peerCertificates() is empty under RA-TLS trust: read the TLS session.
    RaTlsIdentity identity = RaTls.identity(chain.connection());
    if (identity == null) {
      if (chain.connection() != null) {
        chain.connection().socket().close();
      }
      throw new IOException(new RaTlsVerificationException(RaTlsLink.PINNED_KEY,
          "the connection to " + chain.request().url().host() + " was not verified by RA-TLS", null));
    }
    RaTlsIdentity first = pinned.updateAndGet(p -> p == null ? identity : p);
    if (!first.publicKeySha256().equals(identity.publicKeySha256())) {
      // Nothing is sent over a connection to another key; close it so it is not reused.
      chain.connection().socket().close();
      throw new IOException(new RaTlsVerificationException(RaTlsLink.PINNED_KEY,
          "the endpoint presented attested key sha256 " + identity.publicKeySha256().hex()
              + ", not the pinned key " + first.publicKeySha256().hex(), null));
    }
    return chain.proceed(chain.request());
  }
}

package io.phat4j.attestation.ratls;

import io.phat4j.core.PhalaException;
import org.jspecify.annotations.Nullable;

/**
 * An RA-TLS peer was not trusted: the message says which link failed and why, e.g.
 * {@code RA-TLS key binding failed: ...}. In a TLS handshake it is the cause of the
 * {@link javax.net.ssl.SSLHandshakeException} (walk {@link Throwable#getCause()}).
 */
public final class RaTlsVerificationException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final RaTlsLink link;
  private final String reason;

  /**
   * Creates a failure of one link.
   *
   * @param link the failing link
   * @param reason why it failed (no secrets)
   * @param cause the underlying failure, if any
   */
  public RaTlsVerificationException(RaTlsLink link, String reason, @Nullable Throwable cause) {
    super("RA-TLS " + link.label() + " failed: " + reason, cause);
    this.link = link;
    this.reason = reason;
  }

  /**
   * Returns the failing link.
   *
   * @return the link
   */
  public RaTlsLink link() {
    return link;
  }

  /**
   * Returns why the link failed, without the link's name.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}

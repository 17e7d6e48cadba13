package io.phat4j.contracts.cloud;

import io.phat4j.core.PhalaException;

/**
 * The client was given a plain {@code http://} base URL and an API key for a host that is not
 * loopback: the key would cross the network in clear text. Use {@code https://}, or opt in with
 * {@link PhalaCloudClient.Builder#allowInsecureHttp(boolean)} when the network is trusted.
 */
public final class InsecureBaseUrlException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final String host;

  /**
   * Creates the exception.
   *
   * @param host the non-loopback host of the {@code http://} URL
   */
  public InsecureBaseUrlException(String host) {
    super(
        "refusing to send the API key over plain http:// to "
            + host
            + ": use https://, or allowInsecureHttp(true) on a trusted network");
    this.host = host;
  }

  /**
   * Returns the host that would have received the key in clear text.
   *
   * @return the host
   */
  public String host() {
    return host;
  }
}

package io.phat4j.core.http.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** Decides which header values are secret and masks them and query strings for display. */
public final class Redaction {
  /** What a redacted value prints as. */
  public static final String MASK = "██";

  private static final Set<String> DEFAULT_SENSITIVE =
      Set.of("authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie");

  private Redaction() {}

  /**
   * Tells whether a header always carries a credential.
   *
   * @param name a header name, any case
   * @return {@code true} for Authorization, Proxy-Authorization, X-API-Key, Cookie, Set-Cookie
   */
  public static boolean isSensitiveByDefault(String name) {
    return DEFAULT_SENSITIVE.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Tells whether a header is secret by default or named in {@code extraLowerCase}.
   *
   * @param name a header name, any case
   * @param extraLowerCase further secret names, lower case
   * @return {@code true} if the value must not be shown
   */
  public static boolean isSensitive(String name, Set<String> extraLowerCase) {
    String lower = name.toLowerCase(Locale.ROOT);
    return DEFAULT_SENSITIVE.contains(lower) || extraLowerCase.contains(lower);
  }

  /**
   * Returns the URL without user info and with any query string masked, for logs and messages.
   *
   * @param url an absolute http(s) URL
   * @return e.g. {@code https://host:8443/path?██}
   */
  public static String safeUrl(URI url) {
    StringBuilder sb = new StringBuilder();
    sb.append(url.getScheme()).append("://").append(url.getHost());
    if (url.getPort() != -1) {
      sb.append(':').append(url.getPort());
    }
    sb.append(safePath(url));
    return sb.toString();
  }

  /**
   * Returns the path with any query string masked, for exception messages.
   *
   * @param url an absolute http(s) URL
   * @return e.g. {@code /cvms/42?██}; {@code /} for an empty path
   */
  public static String safePath(URI url) {
    String path = url.getRawPath();
    String shown = path == null || path.isEmpty() ? "/" : path;
    return url.getRawQuery() == null ? shown : shown + "?" + MASK;
  }
}

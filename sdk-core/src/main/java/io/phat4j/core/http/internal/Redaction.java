package io.phat4j.core.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which header values are secret, and the one rule for showing a URL in logs and messages:
 * user info, path segments after the first and query values masked.
 */
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
   * Returns the URL as it may appear in logs and messages: user info masked, every path segment
   * after the first masked, every query value masked (names kept), any fragment masked. Provider
   * keys sit in all of these places ({@code https://eth-mainnet.example/v2/<KEY>},
   * {@code ?apikey=<KEY>}, {@code https://user:<KEY>@host}); the scheme, host, port and the first
   * path segment are enough to tell which service was meant.
   *
   * @param url an absolute URL
   * @return e.g. {@code https://██@host:8443/v2/██?apikey=██}
   */
  public static String safeUrl(URI url) {
    StringBuilder sb = new StringBuilder();
    sb.append(url.getScheme()).append("://");
    if (url.getRawUserInfo() != null) {
      sb.append(MASK).append('@');
    }
    String host = url.getHost();
    if (host == null) {
      // An authority Java cannot split into host and port (e.g. an underscore in the name): show
      // nothing of it rather than guess where a secret might be.
      return url.getScheme() + "://" + MASK;
    }
    sb.append(host);
    if (url.getPort() != -1) {
      sb.append(':').append(url.getPort());
    }
    sb.append(safePath(url));
    return sb.toString();
  }

  /**
   * Applies {@link #safeUrl(URI)} to a URL given as text; text that does not parse as an absolute
   * URL with a host is shown as its scheme (if any) and a mask.
   *
   * @param url a URL as the user gave it
   * @return the redacted URL; never any part of the text after the scheme that could not be parsed
   */
  public static String safeUrl(String url) {
    try {
      URI parsed = new URI(url.strip());
      if (parsed.getScheme() != null && parsed.getRawAuthority() != null) {
        return safeUrl(parsed);
      }
    } catch (URISyntaxException e) {
      // Fall through: show no part of it.
    }
    int colon = url.indexOf("://");
    String scheme = colon > 0 && colon < 16 && url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
        ? url.substring(0, colon) + "://" : "";
    return scheme + MASK;
  }

  /**
   * Returns the path and query of a URL under the same rule as {@link #safeUrl(URI)}: the first
   * path segment shown, the later ones masked, query names shown and values masked.
   *
   * @param url an absolute http(s) URL
   * @return e.g. {@code /cvms/██?page=██}; {@code /} for an empty path
   */
  public static String safePath(URI url) {
    String path = url.getRawPath();
    StringBuilder sb = new StringBuilder();
    if (path == null || path.isEmpty()) {
      sb.append('/');
    } else {
      String[] segments = path.split("/", -1);
      boolean shownOne = false;
      for (int i = 1; i < segments.length; i++) {
        sb.append('/');
        if (segments[i].isEmpty()) {
          continue;
        }
        sb.append(shownOne ? MASK : segments[i]);
        shownOne = true;
      }
    }
    String query = url.getRawQuery();
    if (query != null) {
      sb.append('?');
      String[] params = query.split("&", -1);
      for (int i = 0; i < params.length; i++) {
        if (i > 0) {
          sb.append('&');
        }
        int eq = params[i].indexOf('=');
        // A bare "?KEY" is as likely a secret as a value: mask the whole parameter.
        sb.append(eq < 0 ? MASK : params[i].substring(0, eq + 1) + MASK);
      }
    }
    if (url.getRawFragment() != null) {
      sb.append('#').append(MASK);
    }
    return sb.toString();
  }
}

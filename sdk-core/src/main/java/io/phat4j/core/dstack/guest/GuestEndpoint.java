package io.phat4j.core.dstack.guest;

import io.phat4j.core.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link DstackGuestClient} reaches the guest agent: a Unix domain socket (inside a CVM)
 * or a plain HTTP base URL (a simulator, such as the one {@code DSTACK_SIMULATOR_ENDPOINT} names).
 *
 * <p>Immutable and thread-safe.
 */
public final class GuestEndpoint {
  private final @Nullable Path socket;
  private final @Nullable URI baseUrl;

  private GuestEndpoint(@Nullable Path socket, @Nullable URI baseUrl) {
    this.socket = socket;
    this.baseUrl = baseUrl;
  }

  /**
   * An endpoint on a Unix domain socket.
   *
   * @param path the socket path, e.g. {@code /var/run/dstack.sock}
   * @return the endpoint
   */
  public static GuestEndpoint unixSocket(Path path) {
    return new GuestEndpoint(Objects.requireNonNull(path, "path"), null);
  }

  /**
   * An endpoint over plain HTTP(S); request paths are appended to it.
   *
   * @param baseUrl an absolute {@code http} or {@code https} URL, e.g. {@code
   *     http://localhost:8090}
   * @return the endpoint
   * @throws InvalidInputException if the URL is not absolute http(s) with a host
   */
  public static GuestEndpoint http(URI baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || baseUrl.getHost() == null) {
      throw new InvalidInputException(
          "guest agent endpoint must be an absolute http(s) URL with a host");
    }
    String text = baseUrl.toString();
    return new GuestEndpoint(
        null, URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text));
  }

  /**
   * Parses an endpoint the way the dstack SDKs read {@code DSTACK_SIMULATOR_ENDPOINT}: text
   * starting with {@code http://} or {@code https://} is an HTTP base URL, anything else a socket
   * path.
   *
   * @param text the endpoint text
   * @return the endpoint
   * @throws InvalidInputException if the text is blank or a malformed URL
   */
  public static GuestEndpoint parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidInputException("guest agent endpoint is empty");
    }
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        return http(new URI(trimmed));
      } catch (java.net.URISyntaxException e) {
        throw new InvalidInputException(
            "guest agent endpoint is not a valid URL: " + e.getReason());
      }
    }
    return unixSocket(Path.of(trimmed));
  }

  /**
   * Tells whether this is a Unix domain socket endpoint.
   *
   * @return {@code true} for a socket, {@code false} for HTTP
   */
  public boolean isUnixSocket() {
    return socket != null;
  }

  /**
   * Returns the socket path.
   *
   * @return the path, or {@code null} for an HTTP endpoint
   */
  public @Nullable Path socketPath() {
    return socket;
  }

  /**
   * Returns the HTTP base URL, without a trailing slash.
   *
   * @return the URL, or {@code null} for a socket endpoint
   */
  public @Nullable URI baseUrl() {
    return baseUrl;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GuestEndpoint other
        && Objects.equals(socket, other.socket)
        && Objects.equals(baseUrl, other.baseUrl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(socket, baseUrl);
  }

  @Override
  public String toString() {
    return socket != null ? "unix:" + socket : String.valueOf(baseUrl);
  }
}

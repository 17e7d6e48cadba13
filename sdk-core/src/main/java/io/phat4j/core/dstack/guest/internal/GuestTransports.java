package io.phat4j.core.dstack.guest.internal;

import io.phat4j.core.dstack.guest.GuestEndpoint;
import io.phat4j.core.http.HttpTransport;
import java.net.InetAddress;
import java.net.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link HttpTransport} a guest client uses: the caller's or a default one for HTTP
 * endpoints, and for a Unix socket a variant whose OkHttp client dials that socket.
 */
public final class GuestTransports {
  private GuestTransports() {}

  /** The transport plus the OkHttp client this code created for it, which the owner must close. */
  public record Wired(
      HttpTransport transport, boolean ownsTransport, @Nullable OkHttpClient ownedClient) {
    /** Releases what this code created; a caller's transport is left alone. */
    public void close() {
      if (ownsTransport) {
        transport.close();
      }
      if (ownedClient != null) {
        ownedClient.dispatcher().executorService().shutdown();
        ownedClient.connectionPool().evictAll();
      }
    }
  }

  /**
   * Wires a transport to an endpoint.
   *
   * @param endpoint where the agent is
   * @param supplied the caller's transport, or {@code null} to create one
   * @return the transport and what to close
   */
  public static Wired wire(GuestEndpoint endpoint, @Nullable HttpTransport supplied) {
    Path socket = endpoint.socketPath();
    if (socket == null) {
      return supplied != null
          ? new Wired(supplied, false, null)
          : new Wired(HttpTransport.create(), true, null);
    }
    OkHttpClient client = unixClient(socket);
    HttpTransport.Builder builder =
        supplied != null ? supplied.toBuilder() : HttpTransport.builder();
    return new Wired(builder.okHttpClient(client).build(), true, client);
  }

  private static OkHttpClient unixClient(Path socket) {
    Objects.requireNonNull(socket, "socket");
    return new OkHttpClient.Builder()
        .socketFactory(new UnixSocketFactory(socket))
        // The host name is only for the Host header; never resolve it or route it via a proxy.
        .dns(host -> List.of(InetAddress.getLoopbackAddress()))
        .proxy(Proxy.NO_PROXY)
        // One local address: racing connection attempts only adds delay.
        .fastFallback(false)
        // No pooling: OkHttp's idle-connection probe needs socket read timeouts (see
        // UnixSocketFactory), and a local connect costs next to nothing.
        .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
        // The same per-attempt limits HttpTransport sets on clients it builds itself.
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(30))
        .build();
  }
}

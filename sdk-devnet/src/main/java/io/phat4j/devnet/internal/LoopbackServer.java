package io.phat4j.devnet.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phat4j.core.PhalaTransportException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 server on a free loopback port, serving one {@link Handler}.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver}: it needs no dependency, speaks plain
 * HTTP/1.1 with chunked streaming (enough for Server-Sent Events), and each request runs on its
 * own virtual thread, so a long state stream never blocks other calls.
 */
public final class LoopbackServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoopbackServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final String name;

  /**
   * Handles one request; runs on a virtual thread.
   */
  @FunctionalInterface
  public interface Handler {
    /**
     * Answers a request.
     *
     * @param exchange the request
     * @throws IOException if the client went away
     */
    void handle(HttpRequests exchange) throws IOException;
  }

  /**
   * Starts a server on {@code 127.0.0.1} (or the platform's loopback address), port chosen by the OS.
   *
   * @param name what it serves, for logs
   * @param handler the request handler
   */
  public LoopbackServer(String name, Handler handler) {
    this.name = name;
    try {
      this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new PhalaTransportException("cannot open a loopback port for the devnet " + name, 1, e);
    }
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(handler, exchange));
    server.start();
    LOG.debug("devnet {} listening on {}", name, baseUri());
  }

  private void serve(Handler handler, HttpExchange exchange) {
    try (exchange) {
      handler.handle(new HttpRequests(exchange));
    } catch (IOException e) {
      LOG.debug("devnet {}: client went away: {}", name, e.toString());
    } catch (RuntimeException e) {
      // A bug in the devnet must still answer, or the client hangs until its timeout.
      LOG.warn("devnet {}: internal error on {} {}", name, exchange.getRequestMethod(), exchange.getRequestURI(), e);
      try {
        HttpRequests.sendFallback500(exchange, e);
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }

  /**
   * Returns the server's base URI.
   *
   * @return e.g. {@code http://127.0.0.1:41234}
   */
  public URI baseUri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
  }

  /**
   * Returns the port.
   *
   * @return the TCP port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests and ends open streams. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

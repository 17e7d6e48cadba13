package io.phat4j.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTPS/1.1 server on loopback for RA-TLS tests (a virtual thread per connection): answers
 * every request with a fixed body and records handshake failures, so a test can see what the
 * server side rejected.
 */
public final class TinyHttpsServer implements AutoCloseable {
  /** Handshakes the server side refused, in order (for tests of client-certificate checks). */
  public final BlockingQueue<Throwable> handshakeFailures = new LinkedBlockingQueue<>();
  private final SSLServerSocket server;
  private final Thread thread;
  private final String body;

  /**
   * Starts serving on a loopback port.
   *
   * @param context the server's TLS context
   * @param needClientAuth whether a client certificate is required
   * @param body the body of every response
   * @throws IOException if the port cannot be bound
   */
  public TinyHttpsServer(SSLContext context, boolean needClientAuth, String body) throws IOException {
    this.body = body;
    this.server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(needClientAuth);
    this.thread = new Thread(this::serve, "tiny-https");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The loopback port it listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      SSLSocket accepted;
      try {
        accepted = (SSLSocket) server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread.ofVirtual().start(() -> handle(accepted));
    }
  }

  private void handle(SSLSocket socket) {
    try (SSLSocket s = socket) {
      s.setSoTimeout(10_000);
      try {
        s.startHandshake();
      } catch (IOException e) {
        handshakeFailures.add(e);
        return;
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      String line;
      while ((line = in.readLine()) != null && !line.isEmpty()) {
        // Skip the request line and headers.
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + b.length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(b);
      out.flush();
    } catch (SocketException e) {
      // the client hung up
    } catch (IOException e) {
      handshakeFailures.add(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

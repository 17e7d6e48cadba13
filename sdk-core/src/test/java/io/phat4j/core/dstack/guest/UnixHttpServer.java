package io.phat4j.core.dstack.guest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP/1.1 server on a real Unix domain socket, like the guest agent's: one request per
 * connection, answered by a {@link FakeGuestAgent}, then the connection is closed.
 */
final class UnixHttpServer implements AutoCloseable {
  record Request(String method, String target, Map<String, String> headers, byte[] body) {}

  private final Path path;
  private final ServerSocketChannel server;
  private final Thread acceptor;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  UnixHttpServer(Path path, FakeGuestAgent agent) throws IOException {
    this.path = path;
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    this.acceptor =
        Thread.ofPlatform()
            .daemon()
            .name("unix-http-" + path.getFileName())
            .start(
                () -> {
                  while (server.isOpen()) {
                    try (SocketChannel channel = server.accept()) {
                      serve(channel, agent);
                    } catch (IOException e) {
                      // Closed while accepting, or the client went away: keep serving or stop.
                    }
                  }
                });
  }

  Path path() {
    return path;
  }

  private void serve(SocketChannel channel, FakeGuestAgent agent) throws IOException {
    InputStream in = Channels.newInputStream(channel);
    OutputStream out = Channels.newOutputStream(channel);
    String requestLine = line(in);
    if (requestLine == null || requestLine.isEmpty()) {
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String header;
    while ((header = line(in)) != null && !header.isEmpty()) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    String[] parts = requestLine.split(" ");
    requests.add(new Request(parts[0], parts[1], headers, body));
    FakeGuestAgent.Reply reply = agent.handle(parts[1], body);
    String head =
        "HTTP/1.1 "
            + reply.status()
            + (reply.status() == 200 ? " OK" : " Error")
            + "\r\nContent-Type: "
            + reply.contentType()
            + "\r\nContent-Length: "
            + reply.body().length
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(reply.body());
    out.flush();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = buf.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      buf.write(b);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(path);
  }
}

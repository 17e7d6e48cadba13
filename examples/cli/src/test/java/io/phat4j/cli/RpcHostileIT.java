package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rollup commands of the packaged jar (256 MiB heap) against hostile loopback JSON-RPC nodes,
 * with a provider key in the URL path: the key never appears in any output, even with --debug.
 */
@Timeout(120)
class RpcHostileIT {
  private static final String KEY = "SECRETKEY0123456789";
  private static final String ANCHOR = "0x" + "ab".repeat(20);

  private HttpServer server;
  private final AtomicLong sent = new AtomicLong();

  /** A node that answers every call with an endless reply, or with the given status and body. */
  private String node(boolean endless, int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      try (OutputStream out = exchange.getResponseBody()) {
        if (endless) {
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) '"');
          while (true) {
            out.write(chunk);
            sent.addAndGet(chunk.length);
          }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        out.write(bytes);
      } catch (IOException e) {
        // The client hung up.
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/" + KEY;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void endlessReply_exits1WithTypedOneLineError() throws Exception {
    String url = node(true, 200, "");
    String shown = url.replace(KEY, "██");

    JarRunner.Run r = JarRunner.run("read-results", "--rpc", url, "--anchor", ANCHOR);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo("error: the node at " + shown + " sent a reply larger than " + AnchorOptions.MAX_REPLY_BYTES + " bytes");
    assertThat(sent.get()).isGreaterThanOrEqualTo(AnchorOptions.MAX_REPLY_BYTES);
  }

  @Test
  void unreachableNode_keyInPathNeverShown_evenWithDebug() throws Exception {
    String url = node(false, 200, "");
    server.stop(0);
    server = null;

    JarRunner.Run r = JarRunner.run("read-requests", "--rpc", url, "--anchor", ANCHOR);
    JarRunner.Run debug = JarRunner.run("read-requests", "--debug", "--rpc", url, "--anchor", ANCHOR);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: cannot reach " + url.replace(KEY, "██") + ": ").doesNotContain(KEY);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(debug.exitCode()).isEqualTo(2);
    assertThat(debug.err()).contains("\tat ").doesNotContain(KEY);
  }

  @Test
  void httpErrorAndGarbage_keyNeverShown() throws Exception {
    String url = node(false, 500, "internal error at /v2/" + "x");
    JarRunner.Run status = JarRunner.run("read-results", "--rpc", url, "--anchor", ANCHOR);
    stop();
    String garbageUrl = node(false, 200, "<html>not json-rpc</html>");
    JarRunner.Run garbage = JarRunner.run("read-results", "--rpc", garbageUrl, "--anchor", ANCHOR);

    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.err()).startsWith("error: eth_getCode failed").contains("status 500").doesNotContain(KEY);
    assertThat(garbage.exitCode()).isEqualTo(1);
    assertThat(garbage.err()).startsWith("error: ").doesNotContain(KEY).doesNotContain("\tat ");
  }

  @Test
  void noCodeAtTheAnchor_exits1NamingAddressAndChainId() throws Exception {
    String url = nodeAnswering();

    JarRunner.Run r = JarRunner.run("read-results", "--rpc", url, "--anchor", ANCHOR);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: no contract at " + ANCHOR + " on chain 2035");
  }

  /** A node with no code anywhere on chain 2035 (0x7f3). */
  private String nodeAnswering() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String result = request.contains("eth_getCode") ? "\"0x\"" : request.contains("eth_chainId") ? "\"0x7f3\"" : "null";
      byte[] bytes = ("{\"jsonrpc\":\"2.0\",\"id\":" + idOf(request) + ",\"result\":" + result + "}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/" + KEY;
  }

  private static String idOf(String request) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(request);
    return m.find() ? m.group(1) : "1";
  }
}

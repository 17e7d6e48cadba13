package io.phat4j.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.phat4j.core.PhalaServiceException;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.ResponseTooLargeException;
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
 * The chain client's JSON-RPC replies go through the SDK transport: a loopback node that streams
 * an endless reply ends in a typed {@link ResponseTooLargeException} after the cap, not in an
 * {@code OutOfMemoryError}; the provider key in the URL path never reaches a message.
 */
@Timeout(60)
class ChainClientTransportTest {
  private static final String KEY = "SECRETKEY0123456789";

  private HttpServer server;
  private final AtomicLong sent = new AtomicLong();

  private String start(int status, boolean endless, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      try (OutputStream out = exchange.getResponseBody()) {
        if (endless) {
          exchange.sendResponseHeaders(status, 0); // chunked, no length: the reply never ends
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) ' ');
          out.write('[');
          while (true) {
            out.write(chunk);
            sent.addAndGet(chunk.length);
          }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        out.write(bytes);
      } catch (IOException e) {
        // The client hung up: expected for the endless reply.
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
  void endlessReply_stopsAtTheCapWithTypedError() throws IOException {
    String url = start(200, true, "");
    try (ChainClient chain = ChainClient.builder().rpcUrl(url).maxResponseBytes(1 << 20).build()) {
      assertThatThrownBy(chain::blockNumber)
          .isInstanceOfSatisfying(ResponseTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(1 << 20))
          .hasMessageContaining("exceeds 1048576 bytes")
          .hasMessageNotContaining(KEY);
    }
    assertThat(sent.get()).isGreaterThanOrEqualTo(1 << 20);
  }

  @Test
  void endlessReply_defaultCapIs32MiB() throws IOException {
    String url = start(200, true, "");
    try (ChainClient chain = ChainClient.builder().rpcUrl(url).build()) {
      assertThatThrownBy(() -> chain.code(EvmAddress.fromHex("0x" + "11".repeat(20)), BlockRef.latest()))
          .isInstanceOfSatisfying(ResponseTooLargeException.class,
              e -> assertThat(e.limit()).isEqualTo(ChainClient.DEFAULT_MAX_RESPONSE_BYTES));
    }
  }

  @Test
  void normalReply_readThroughTheTransport() throws IOException {
    String url = start(200, false, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x7a69\"}");
    try (ChainClient chain = ChainClient.builder().rpcUrl(url).build()) {
      assertThat(chain.chainId()).isEqualTo(31337);
      assertThat(chain.toString()).doesNotContain(KEY);
    }
  }

  @Test
  void httpErrorStatus_typedServiceErrorWithoutTheKey() throws IOException {
    String url = start(503, false, "upstream overloaded");
    try (ChainClient chain = ChainClient.builder().rpcUrl(url).build()) {
      assertThatThrownBy(chain::chainId)
          .isInstanceOfSatisfying(PhalaServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.details()).isEqualTo("upstream overloaded");
          })
          .hasMessageStartingWith("eth_chainId failed")
          .hasMessageNotContaining(KEY);
    }
  }

  @Test
  void unreachableNode_transportErrorWithoutTheKey() throws IOException {
    String url = start(200, false, "");
    server.stop(0);
    server = null;
    try (ChainClient chain = ChainClient.builder().rpcUrl(url).build()) {
      assertThatThrownBy(chain::chainId)
          .isInstanceOf(PhalaTransportException.class)
          .hasMessageNotContaining(KEY);
    }
  }
}

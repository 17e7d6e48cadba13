package io.phat4j.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.core.DecodeException;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What anvil cannot be made to do: refuse wide {@code eth_getLogs} ranges like public RPCs, or
 * send malformed replies. A loopback JSON-RPC server plays the node.
 */
class LogScanRpcTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String APP = "0x00000000000000000000000000000000000000a1";
  MockWebServer server;
  final List<long[]> ranges = new ArrayList<>();
  volatile String logsReply = "[]";

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            try {
              JsonNode req = JSON.readTree(request.getBody().utf8());
              String id = req.get("id").toString();
              String method = req.get("method").asText();
              String result =
                  switch (method) {
                    case "eth_blockNumber" -> "\"0x64\"";
                    case "eth_getLogs" -> {
                      JsonNode f = req.get("params").get(0);
                      long from = Long.decode(f.get("fromBlock").asText());
                      long to = Long.decode(f.get("toBlock").asText());
                      synchronized (ranges) {
                        ranges.add(new long[] {from, to});
                      }
                      if (to - from + 1 > 10) {
                        yield null;
                      }
                      yield logsReply;
                    }
                    default -> "null";
                  };
              String body =
                  result == null
                      ? "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32005,\"message\":\"query exceeds max block range 10\"}}"
                      : "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
              return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
            } catch (Exception e) {
              return new MockResponse.Builder().code(500).build();
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  ChainClient client() {
    return ChainClient.builder().rpcUrl(server.url("/").toString()).build();
  }

  @Test
  void halvesTheChunkWhenTheNodeRefusesTheRangeAndCoversEveryBlockOnce() {
    try (ChainClient chain = client()) {
      LogScan scan = chain.scanLogs(LogQuery.of(EvmAddress.fromHex(APP)).fromBlock(1).chunkSize(40).build());
      assertThat(scan.stream()).isEmpty();
      assertThat(scan.toBlock()).isEqualTo(100);
      List<long[]> accepted = ranges.stream().filter(r -> r[1] - r[0] + 1 <= 10).toList();
      long next = 1;
      for (long[] r : accepted) {
        assertThat(r[0]).isEqualTo(next);
        next = r[1] + 1;
      }
      assertThat(next).isEqualTo(101);
      // 40 -> 20 -> 10 (two refusals), then 10 chunks of 10 blocks
      assertThat(scan.requests()).isEqualTo(12);
    }
  }

  @Test
  void aLogOutsideTheRequestedRangeIsRejected() {
    logsReply =
        "[{\"address\":\"" + APP + "\",\"topics\":[],\"data\":\"0x\",\"blockNumber\":\"0x3e8\",\"blockHash\":\"0x"
            + "11".repeat(32) + "\",\"transactionHash\":\"0x" + "22".repeat(32) + "\",\"transactionIndex\":\"0x0\",\"logIndex\":\"0x0\",\"removed\":false}]";
    try (ChainClient chain = client()) {
      LogScan scan = chain.scanLogs(LogQuery.of(EvmAddress.fromHex(APP)).fromBlock(1).toBlock(5L).build());
      assertThatThrownBy(scan::hasNext).isInstanceOf(DecodeException.class).hasMessageContaining("outside the requested 1..5");
    }
  }

  @Test
  void malformedLogsAreDecodeErrors() {
    try (ChainClient chain = client()) {
      for (String bad :
          List.of(
              "{\"not\":\"an array\"}",
              "[42]",
              "[{\"address\":\"0x12\",\"topics\":[],\"data\":\"0x\",\"blockNumber\":\"0x1\",\"blockHash\":\"0x" + "11".repeat(32)
                  + "\",\"transactionHash\":\"0x" + "22".repeat(32) + "\",\"transactionIndex\":\"0x0\",\"logIndex\":\"0x0\"}]",
              "[{\"address\":\"" + APP + "\",\"topics\":[],\"data\":\"0xabc\",\"blockNumber\":\"0x1\",\"blockHash\":\"0x" + "11".repeat(32)
                  + "\",\"transactionHash\":\"0x" + "22".repeat(32) + "\",\"transactionIndex\":\"0x0\",\"logIndex\":\"0x0\"}]",
              "[{\"address\":\"" + APP + "\",\"topics\":[],\"data\":\"0x\",\"blockNumber\":\"one\",\"blockHash\":\"0x" + "11".repeat(32)
                  + "\",\"transactionHash\":\"0x" + "22".repeat(32) + "\",\"transactionIndex\":\"0x0\",\"logIndex\":\"0x0\"}]")) {
        logsReply = bad;
        LogScan scan = chain.scanLogs(LogQuery.of(EvmAddress.fromHex(APP)).fromBlock(1).toBlock(5L).build());
        assertThatThrownBy(scan::hasNext).as(bad).isInstanceOf(DecodeException.class);
      }
    }
  }
}

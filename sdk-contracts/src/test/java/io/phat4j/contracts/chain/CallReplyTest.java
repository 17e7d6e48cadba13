package io.phat4j.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import java.math.BigInteger;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;

/** Replies anvil never sends: malformed ABI data, non-JSON bodies, panics from other nodes. */
class CallReplyTest {
  static final EvmAddress TO = EvmAddress.fromHex("0x00000000000000000000000000000000000000a1");

  static String reply(String result) {
    return "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":" + result + "}";
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void malformedAbiRepliesAreDecodeErrors() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      Function boolFn = new Function("flag", List.of(), List.of(new TypeReference<Bool>() {}));
      Function bytesFn = new Function("blob", List.of(), List.of(new TypeReference<DynamicBytes>() {}));
      server.enqueue(json(reply("\"0x1234\"")));
      // offset pointing far beyond the data
      server.enqueue(json(reply("\"0x" + "00".repeat(31) + "ff" + "\"")));
      server.enqueue(json(reply("\"0xzz\"")));
      server.enqueue(json("this is not json"));
      server.start();
      try (ChainClient chain = ChainClient.builder().rpcUrl(server.url("/").toString()).build()) {
        assertThatThrownBy(() -> chain.call(TO, boolFn, BlockRef.latest()))
            .isInstanceOf(DecodeException.class)
            .hasMessageContaining("flag() reply");
        assertThatThrownBy(() -> chain.call(TO, bytesFn, BlockRef.latest()))
            .isInstanceOf(DecodeException.class)
            .hasMessageContaining("blob() reply");
        assertThatThrownBy(() -> chain.call(TO, boolFn, BlockRef.latest())).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> chain.call(TO, boolFn, BlockRef.latest())).isInstanceOf(DecodeException.class);
      }
    }
  }

  @Test
  void aPanicAndAnRpcErrorAreTyped() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      Function boolFn = new Function("flag", List.of(), List.of(new TypeReference<Bool>() {}));
      server.enqueue(
          json("{\"jsonrpc\":\"2.0\",\"id\":0,\"error\":{\"code\":3,\"message\":\"execution reverted\",\"data\":\"0x4e487b71"
              + "00".repeat(31) + "11\"}}"));
      server.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":0,\"error\":{\"code\":-32601,\"message\":\"method not found\"}}"));
      server.start();
      try (ChainClient chain = ChainClient.builder().rpcUrl(server.url("/").toString()).build()) {
        assertThatThrownBy(() -> chain.call(TO, boolFn, BlockRef.latest()))
            .isInstanceOfSatisfying(ContractRevertedException.class, e -> assertThat(e.panicCode()).isEqualTo(BigInteger.valueOf(0x11)))
            .hasMessageContaining("panic 0x11");
        assertThatThrownBy(() -> chain.call(TO, boolFn, BlockRef.latest()))
            .isInstanceOfSatisfying(ChainRpcException.class, e -> assertThat(e.code()).isEqualTo(-32601))
            .hasMessageContaining("method not found");
      }
    }
  }
}

package io.phat4j.examples.quickstart;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;

/** What the consumer and the contract agree on: how a request is sealed and a reply laid out. */
public final class ScoreRequests {
  private ScoreRequests() {}

  /**
   * The HPKE {@code info}: binds a sealed request to one app, so it cannot be replayed to another.
   *
   * @param appId the app the input is sealed to
   * @return the info bytes
   */
  public static byte[] info(AppId appId) {
    return ("phat4j-quickstart/score-request/v1:" + appId.hex()).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The HPKE {@code aad}: binds a sealed request to the anchor it was queued on.
   *
   * @param anchor the anchor
   * @return the aad bytes
   */
  public static byte[] aad(EvmAddress anchor) {
    return anchor.toByteArray();
  }

  /**
   * The reply payload the example consumer expects: {@code abi.encode(uint256 requestId, bytes
   * result)}.
   *
   * @param requestId the request
   * @param result the result
   * @return the payload
   */
  public static byte[] replyPayload(long requestId, byte[] result) {
    String hex = FunctionEncoder.encodeConstructor(
        List.of(new Uint256(BigInteger.valueOf(requestId)), new DynamicBytes(result)));
    return Hex.decode("reply", hex);
  }
}

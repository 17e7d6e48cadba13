package io.phat4j.contracts.chain.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.contracts.chain.ChainLog;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import java.util.ArrayList;
import java.util.List;

/** Parses a log object of a JSON-RPC reply. */
public final class LogParser {
  private LogParser() {}

  public static ChainLog parse(JsonNode node) {
    if (!node.isObject()) {
      throw new DecodeException("log", "must be an object, got " + node.getNodeType());
    }
    JsonNode topicsNode = RpcJson.field(node, "topics");
    if (!topicsNode.isArray() || topicsNode.size() > 4) {
      throw new DecodeException("topics", "must be an array of at most 4 hashes");
    }
    List<Bytes32> topics = new ArrayList<>();
    for (JsonNode t : topicsNode) {
      topics.add(RpcJson.bytes32(t, "topics"));
    }
    JsonNode removed = node.get("removed");
    long txIndex = RpcJson.quantity(RpcJson.field(node, "transactionIndex"), "transactionIndex");
    long logIndex = RpcJson.quantity(RpcJson.field(node, "logIndex"), "logIndex");
    if (txIndex > Integer.MAX_VALUE || logIndex > Integer.MAX_VALUE) {
      throw new DecodeException("logIndex", "is out of range");
    }
    return new ChainLog(
        RpcJson.address(RpcJson.field(node, "address"), "address"),
        topics,
        RpcJson.data(RpcJson.field(node, "data"), "data"),
        RpcJson.quantity(RpcJson.field(node, "blockNumber"), "blockNumber"),
        RpcJson.bytes32(RpcJson.field(node, "blockHash"), "blockHash"),
        RpcJson.bytes32(RpcJson.field(node, "transactionHash"), "transactionHash"),
        (int) txIndex,
        (int) logIndex,
        removed != null && removed.asBoolean(false));
  }
}

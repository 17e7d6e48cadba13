package io.phat4j.contracts.chain.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/** Strict readers for JSON-RPC reply fields: anything malformed is a {@link DecodeException}. */
public final class RpcJson {
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private RpcJson() {}

  /** A required field of an object. */
  public static JsonNode field(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      throw new DecodeException(field, "is missing from the node's reply");
    }
    return v;
  }

  /** A hex quantity ({@code 0x1b4}) that fits a non-negative long. */
  public static long quantity(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw new DecodeException(field, "must be a hex quantity string, got " + node.getNodeType());
    }
    String s = node.asText();
    if (!s.startsWith("0x") || s.length() < 3 || s.length() > 18) {
      throw new DecodeException(field, "is not a hex quantity: " + abbreviate(s));
    }
    BigInteger v;
    try {
      v = new BigInteger(s.substring(2), 16);
    } catch (NumberFormatException e) {
      throw new DecodeException(field, -1, "is not a hex quantity: " + abbreviate(s), e);
    }
    if (v.signum() < 0 || v.compareTo(LONG_MAX) > 0) {
      throw new DecodeException(field, "is out of range: " + abbreviate(s));
    }
    return v.longValue();
  }

  /** A hex quantity of any size. */
  public static BigInteger bigQuantity(JsonNode node, String field) {
    if (!node.isTextual() || !node.asText().startsWith("0x") || node.asText().length() < 3 || node.asText().length() > 66) {
      throw new DecodeException(field, "is not a hex quantity: " + abbreviate(node.toString()));
    }
    try {
      BigInteger v = new BigInteger(node.asText().substring(2), 16);
      if (v.signum() < 0) {
        throw new DecodeException(field, "is negative");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new DecodeException(field, -1, "is not a hex quantity: " + abbreviate(node.asText()), e);
    }
  }

  /** {@code 0x}-prefixed hex data of any even length. */
  public static byte[] data(JsonNode node, String field) {
    if (!node.isTextual() || !node.asText().startsWith("0x")) {
      throw new DecodeException(field, "must be 0x-prefixed hex, got " + abbreviate(node.toString()));
    }
    return Hex.decode(field, node.asText());
  }

  /** A 32-byte hash. */
  public static Bytes32 bytes32(JsonNode node, String field) {
    return Bytes32.of(Hex.decode(field, textual(node, field), Bytes32.LENGTH));
  }

  /** A 20-byte address. */
  public static EvmAddress address(JsonNode node, String field) {
    return EvmAddress.fromHex(field, textual(node, field));
  }

  /** An address that may be null (e.g. {@code to} of a contract creation). */
  public static @Nullable EvmAddress optionalAddress(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    return v == null || v.isNull() ? null : address(v, field);
  }

  private static String textual(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw new DecodeException(field, "must be a hex string, got " + node.getNodeType());
    }
    return node.asText();
  }

  /** Keeps error messages short when a reply is huge. */
  public static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}

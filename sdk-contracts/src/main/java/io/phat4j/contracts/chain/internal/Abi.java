package io.phat4j.contracts.chain.internal;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;

/** ABI decoding through web3j with every failure turned into a {@link DecodeException}. */
public final class Abi {
  private Abi() {}

  /**
   * Decodes ABI-encoded values of the given types.
   *
   * @param field what is being decoded, for errors (e.g. {@code "kmsInfo() reply"})
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static List<Type<?>> decode(String field, byte[] data, List<TypeReference<?>> types) {
    if (types.isEmpty()) {
      return List.of();
    }
    // Every value takes at least one 32-byte head word; shorter data cannot be valid.
    if (data.length < 32 * types.size() || data.length % 32 != 0) {
      throw new DecodeException(
          field, "ABI data must be a multiple of 32 bytes holding " + types.size() + " value(s), got " + data.length + " bytes");
    }
    List<Type> out;
    try {
      out = FunctionReturnDecoder.decode(Hex.encode(data), (List) types);
    } catch (RuntimeException e) {
      throw new DecodeException(field, -1, "malformed ABI data: " + e.getMessage(), e);
    }
    if (out.size() != types.size()) {
      throw new DecodeException(field, "malformed ABI data: decoded " + out.size() + " of " + types.size() + " values");
    }
    return new ArrayList<>((List) out);
  }

  /** Decodes one indexed event argument from its topic; dynamic types arrive as their hash. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static Type<?> decodeTopic(String field, byte[] topic, TypeReference<?> type) {
    try {
      return FunctionReturnDecoder.decodeIndexedValue(Hex.encode0x(topic), (TypeReference) type);
    } catch (RuntimeException e) {
      throw new DecodeException(field, -1, "malformed indexed value: " + e.getMessage(), e);
    }
  }
}

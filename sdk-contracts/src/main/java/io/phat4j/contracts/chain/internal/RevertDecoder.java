package io.phat4j.contracts.chain.internal;

import io.phat4j.contracts.chain.ContractRevertedException;
import io.phat4j.contracts.chain.CustomError;
import io.phat4j.contracts.chain.DecodedError;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.Hex;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/** Turns revert data into a {@link ContractRevertedException}, decoding what it recognises. */
public final class RevertDecoder {
  private static final String ERROR_STRING = "0x08c379a0";
  private static final String PANIC = "0x4e487b71";

  private RevertDecoder() {}

  /**
   * Builds the exception for revert data. Undecodable data is kept raw, never an error of its own.
   */
  public static ContractRevertedException exception(
      @Nullable EvmAddress contract, byte[] data, List<CustomError> known, @Nullable String txHash) {
    String reason = null;
    BigInteger panic = null;
    DecodedError error = null;
    if (data.length >= 4) {
      String selector = Hex.encode0x(Arrays.copyOf(data, 4));
      String body = Hex.encode(Arrays.copyOfRange(data, 4, data.length));
      if (selector.equals(ERROR_STRING)) {
        List<Type<?>> v = decode(body, List.of(new TypeReference<Utf8String>() {}));
        reason = v == null ? null : ((Utf8String) v.get(0)).getValue();
      } else if (selector.equals(PANIC)) {
        List<Type<?>> v = decode(body, List.of(new TypeReference<Uint256>() {}));
        panic = v == null ? null : ((Uint256) v.get(0)).getValue();
      } else {
        for (CustomError e : known) {
          if (e.selector().equals(selector)) {
            List<Type<?>> v = decode(body, e.parameters());
            if (v != null) {
              error = new DecodedError(e, v);
              break;
            }
          }
        }
      }
    }
    return new ContractRevertedException(contract, data, reason, panic, error, txHash);
  }

  /** Decodes ABI-encoded values; null when the bytes do not hold exactly those types. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static @Nullable List<Type<?>> decode(String hex, List<TypeReference<?>> types) {
    if (types.isEmpty()) {
      return hex.isEmpty() ? List.of() : null;
    }
    try {
      List<Type> out = FunctionReturnDecoder.decode(hex, (List) types);
      if (out.size() != types.size()) {
        return null;
      }
      return new ArrayList<>((List) out);
    } catch (RuntimeException malformed) {
      return null;
    }
  }
}

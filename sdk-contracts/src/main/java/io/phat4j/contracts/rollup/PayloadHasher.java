package io.phat4j.contracts.rollup;

import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.util.List;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

/** How a consumer derives the hash of the result a reply payload carries. */
@FunctionalInterface
public interface PayloadHasher {
  /**
   * The example consumer's rule: the payload is {@code abi.encode(uint256 requestId, bytes
   * result)} and the hash is {@code keccak256(result)}.
   */
  PayloadHasher EXAMPLE_CONSUMER = payload -> {
    List<Type> values;
    try {
      @SuppressWarnings({"unchecked", "rawtypes"})
      List<TypeReference<Type>> types = (List) List.of(new TypeReference<Uint256>() {}, new TypeReference<DynamicBytes>() {});
      values = FunctionReturnDecoder.decode(Hex.encode(payload), types);
    } catch (RuntimeException e) {
      throw new DecodeException("reply payload", 0, "is not abi.encode(uint256, bytes): " + e.getClass().getSimpleName(), e);
    }
    if (values.size() != 2) {
      throw new DecodeException("reply payload", 0, "is not abi.encode(uint256, bytes)", null);
    }
    return Bytes32.of(Hash.sha3(((DynamicBytes) values.get(1)).getValue()));
  };

  /**
   * Returns the hash of the result in a reply payload.
   *
   * @param payload the reply action's payload
   * @return the result hash
   * @throws DecodeException if the payload does not have the consumer's layout
   */
  Bytes32 resultHash(byte[] payload);
}

package io.phat4j.contracts.rollup;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * An EIP-712 {@code ForwardRequest(address from,uint256 nonce,bytes data)}: a rollup signed by
 * the attestor {@code from} and relayed by another account.
 *
 * @param from the signer
 * @param nonce the signer's meta-transaction nonce
 * @param data {@code abi.encode(condKeys, condValues, updateKeys, updateValues, actions)} (copied)
 */
public record ForwardRequest(EvmAddress from, BigInteger nonce, byte[] data) {

  /** Checks the nonce range and copies the data. */
  public ForwardRequest {
    Objects.requireNonNull(from, "from");
    if (nonce.signum() < 0 || nonce.bitLength() > 256) {
      throw new InvalidInputException("nonce must be a uint256");
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ForwardRequest r
        && r.from.equals(from)
        && r.nonce.equals(nonce)
        && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return (from.hashCode() * 31 + nonce.hashCode()) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "ForwardRequest[from=" + from + ", nonce=" + nonce + ", data=" + data.length + " bytes]";
  }
}

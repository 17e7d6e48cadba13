package io.phat4j.contracts.chain;

import java.math.BigInteger;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * The block whose state a read sees: a number or one of the node's tags.
 *
 * <p>Read at a fixed number when several reads must agree (for example, a check across
 * contracts), or at {@link #latest()} for the current state.
 */
public sealed interface BlockRef {
  /**
   * The latest block.
   *
   * @return the tag
   */
  static BlockRef latest() {
    return Tag.LATEST;
  }

  /**
   * The latest block the node considers finalized.
   *
   * @return the tag
   */
  static BlockRef finalized() {
    return Tag.FINALIZED;
  }

  /**
   * The latest block the node considers safe from reorgs.
   *
   * @return the tag
   */
  static BlockRef safe() {
    return Tag.SAFE;
  }

  /**
   * A block by number.
   *
   * @param number the block number, not negative
   * @return the reference
   */
  static BlockRef number(long number) {
    return new Number(number);
  }

  /**
   * Returns the JSON-RPC form: a tag name or a hex quantity.
   *
   * @return e.g. {@code "latest"} or {@code "0x1b4"}
   */
  String rpcValue();

  /**
   * Returns the equivalent web3j parameter.
   *
   * @return the block parameter
   */
  default DefaultBlockParameter toWeb3j() {
    return switch (this) {
      case Number n -> DefaultBlockParameter.valueOf(BigInteger.valueOf(n.number()));
      case Tag t -> DefaultBlockParameterName.fromString(t.rpcValue());
    };
  }

  /**
   * A block number.
   *
   * @param number the block number, not negative
   */
  record Number(long number) implements BlockRef {
    /**
     * Checks the number.
     *
     * @param number the block number
     */
    public Number {
      if (number < 0) {
        throw new IllegalArgumentException("block number must not be negative: " + number);
      }
    }

    @Override
    public String rpcValue() {
      return Numeric.encodeQuantity(BigInteger.valueOf(number));
    }
  }

  /** A named block the node resolves. */
  enum Tag implements BlockRef {
    /** The latest block. */
    LATEST("latest"),
    /** The latest safe block. */
    SAFE("safe"),
    /** The latest finalized block. */
    FINALIZED("finalized");

    private final String rpc;

    Tag(String rpc) {
      this.rpc = rpc;
    }

    @Override
    public String rpcValue() {
      return rpc;
    }
  }
}

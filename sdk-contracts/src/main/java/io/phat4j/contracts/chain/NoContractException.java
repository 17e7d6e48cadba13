package io.phat4j.contracts.chain;

import io.phat4j.core.PhalaException;

/**
 * A call expected an answer but the address holds no contract at that block (the node answered
 * {@code 0x} and the address has no code): a wrong address, the wrong chain, or a block before the
 * deployment.
 */
public final class NoContractException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final String address;
  private final String block;

  /**
   * Creates the exception.
   *
   * @param address the address called
   * @param block the block the call was made at
   */
  public NoContractException(EvmAddress address, BlockRef block) {
    super("no contract at " + address + " (block " + block.rpcValue() + ")");
    this.address = address.toString();
    this.block = block.rpcValue();
  }

  /**
   * Returns the address that holds no contract.
   *
   * @return the address
   */
  public EvmAddress address() {
    return EvmAddress.fromHex(address);
  }

  /**
   * Returns the block of the call, in JSON-RPC form.
   *
   * @return a tag or a hex block number
   */
  public String block() {
    return block;
  }
}

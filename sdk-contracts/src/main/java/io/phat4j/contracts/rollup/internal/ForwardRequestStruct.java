package io.phat4j.contracts.rollup.internal;

import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.generated.Uint256;

/** web3j's view of the Solidity struct {@code ForwardRequest(address,uint256,bytes)}. */
public final class ForwardRequestStruct extends DynamicStruct {
  /** The signer. */
  public final Address from;
  /** The signer's nonce. */
  public final Uint256 nonce;
  /** The encoded rollup arguments. */
  public final DynamicBytes data;

  /**
   * Creates the struct (web3j's decoder calls this constructor reflectively).
   *
   * @param from the signer
   * @param nonce the nonce
   * @param data the encoded rollup arguments
   */
  public ForwardRequestStruct(Address from, Uint256 nonce, DynamicBytes data) {
    super(from, nonce, data);
    this.from = from;
    this.nonce = nonce;
    this.data = data;
  }
}

package io.phat4j.contracts.chain;

import io.phat4j.core.PhalaException;

/**
 * A transaction was sent but no receipt arrived in time. It may still be mined: look it up later by
 * {@link #transactionHash()} before sending it again.
 */
public final class TransactionPendingException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final String transactionHash;

  /**
   * Creates the exception.
   *
   * @param transactionHash the hash of the sent transaction
   * @param message what happened
   */
  public TransactionPendingException(String transactionHash, String message) {
    super(message);
    this.transactionHash = transactionHash;
  }

  /**
   * Returns the hash of the sent transaction.
   *
   * @return {@code 0x}-hex
   */
  public String transactionHash() {
    return transactionHash;
  }
}

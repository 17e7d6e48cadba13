package io.phat4j.contracts.chain;

import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * A call or transaction reverted. The revert data is decoded as far as it can be: a reason string
 * ({@code Error(string)}), a panic code ({@code Panic(uint256)}), or a custom error the caller
 * described; otherwise only its {@linkplain #selector() selector} and raw bytes are known.
 */
public final class ContractRevertedException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String contract;
  private final byte[] revertData;
  private final @Nullable String reason;
  private final @Nullable BigInteger panicCode;
  private final transient @Nullable DecodedError error;
  private final @Nullable String transactionHash;

  /**
   * Creates the exception.
   *
   * @param contract the contract called, if known
   * @param revertData the raw revert data (may be empty)
   * @param reason the decoded {@code Error(string)} reason, if that is what it was
   * @param panicCode the decoded {@code Panic(uint256)} code, if that is what it was
   * @param error the decoded custom error, if it was one the caller described
   * @param transactionHash the transaction that reverted, or {@code null} for a call
   */
  public ContractRevertedException(
      @Nullable EvmAddress contract,
      byte[] revertData,
      @Nullable String reason,
      @Nullable BigInteger panicCode,
      @Nullable DecodedError error,
      @Nullable String transactionHash) {
    super(message(contract, revertData, reason, panicCode, error, transactionHash));
    this.contract = contract == null ? null : contract.toString();
    this.revertData = revertData.clone();
    this.reason = reason;
    this.panicCode = panicCode;
    this.error = error;
    this.transactionHash = transactionHash;
  }

  private static String message(
      @Nullable EvmAddress contract,
      byte[] data,
      @Nullable String reason,
      @Nullable BigInteger panic,
      @Nullable DecodedError error,
      @Nullable String tx) {
    StringBuilder sb = new StringBuilder(tx == null ? "call" : "transaction " + tx);
    if (contract != null) {
      sb.append(" to ").append(contract);
    }
    sb.append(" reverted");
    if (reason != null) {
      sb.append(": ").append(reason);
    } else if (panic != null) {
      sb.append(": panic 0x").append(panic.toString(16));
    } else if (error != null) {
      sb.append(": ").append(error);
    } else if (data.length >= 4) {
      sb.append(" with unknown error ").append(Hex.encode0x(java.util.Arrays.copyOf(data, 4)));
    } else {
      sb.append(" without data");
    }
    return sb.toString();
  }

  /**
   * Returns the contract that reverted.
   *
   * @return the address, or {@code null} when not known
   */
  public @Nullable EvmAddress contract() {
    return contract == null ? null : EvmAddress.fromHex(contract);
  }

  /**
   * Returns the raw revert data.
   *
   * @return a copy; empty when the contract reverted without data
   */
  public byte[] revertData() {
    return revertData.clone();
  }

  /**
   * Returns the 4-byte selector that starts the revert data.
   *
   * @return {@code 0x} and 8 hex digits, or {@code null} when the data is shorter than 4 bytes
   */
  public @Nullable String selector() {
    return revertData.length < 4 ? null : Hex.encode0x(java.util.Arrays.copyOf(revertData, 4));
  }

  /**
   * Returns the reason of a {@code require(cond, "reason")} or {@code revert("reason")}.
   *
   * @return the reason, or {@code null} when the revert was not an {@code Error(string)}
   */
  public @Nullable String reason() {
    return reason;
  }

  /**
   * Returns the panic code of a failed assertion, overflow, division by zero, …
   *
   * @return the code, or {@code null} when the revert was not a {@code Panic(uint256)}
   */
  public @Nullable BigInteger panicCode() {
    return panicCode;
  }

  /**
   * Returns the decoded custom error.
   *
   * @return the error, or {@code null} when it was none of those the caller described
   */
  public @Nullable DecodedError error() {
    return error;
  }

  /**
   * Tells whether the revert was the named custom error.
   *
   * @param name an error name, e.g. {@code OwnableUnauthorizedAccount}
   * @return {@code true} if it was decoded as that error
   */
  public boolean isError(String name) {
    return error != null && error.error().name().equals(name);
  }

  /**
   * Returns the hash of the transaction that reverted.
   *
   * @return {@code 0x}-hex, or {@code null} for an {@code eth_call} or a rejected send
   */
  public @Nullable String transactionHash() {
    return transactionHash;
  }
}

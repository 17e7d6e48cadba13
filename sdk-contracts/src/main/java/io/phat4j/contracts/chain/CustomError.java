package io.phat4j.contracts.chain;

import java.util.List;
import java.util.Objects;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.TypeReference;

/**
 * A Solidity custom error a contract may revert with, e.g. {@code
 * OwnableUnauthorizedAccount(address)}, so that a revert can be reported by name with its
 * arguments.
 *
 * @param name the error's name
 * @param parameters the types of its parameters, in order
 */
public record CustomError(String name, List<TypeReference<?>> parameters) {
  /**
   * Checks and copies the fields.
   *
   * @param name the error's name
   * @param parameters its parameter types
   */
  public CustomError {
    Objects.requireNonNull(name, "name");
    parameters = List.copyOf(parameters);
  }

  /**
   * Returns the 4-byte selector that starts the revert data.
   *
   * @return {@code 0x} and 8 hex digits
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public String selector() {
    return CustomErrorEncoder.encode(new org.web3j.abi.datatypes.CustomError(name, (List) parameters)).substring(0, 10);
  }
}

package io.phat4j.contracts.chain;

import java.util.List;
import java.util.stream.Collectors;
import org.web3j.abi.datatypes.Type;

/**
 * A custom error decoded from revert data.
 *
 * @param error which error it is
 * @param arguments its decoded arguments, in order
 */
public record DecodedError(CustomError error, List<Type<?>> arguments) {
  /**
   * Copies the arguments.
   *
   * @param error which error it is
   * @param arguments its decoded arguments
   */
  public DecodedError {
    arguments = List.copyOf(arguments);
  }

  @Override
  public String toString() {
    return error.name()
        + arguments.stream().map(a -> String.valueOf(a.getValue())).collect(Collectors.joining(", ", "(", ")"));
  }
}

package io.phat4j.testkit.anvil;

import java.util.Objects;
import org.web3j.crypto.Credentials;

/**
 * One of anvil's funded development accounts. Its private key is public knowledge (derived from
 * anvil's well-known test mnemonic), so it is fine to hold it in plain form here; never use it on a
 * real chain.
 *
 * @param index the account's position in anvil's list
 * @param address the account's address, lower-case {@code 0x}-hex
 * @param credentials the account's key pair, for signing transactions
 */
public record DevAccount(int index, String address, Credentials credentials) {
  /**
   * Checks the fields.
   *
   * @param index the account's position in anvil's list
   * @param address the account's address
   * @param credentials the account's key pair
   */
  public DevAccount {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(credentials, "credentials");
  }

  @Override
  public String toString() {
    return "DevAccount[" + index + ", " + address + "]";
  }
}

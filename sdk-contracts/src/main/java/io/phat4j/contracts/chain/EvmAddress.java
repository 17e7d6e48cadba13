package io.phat4j.contracts.chain;

import io.phat4j.core.AppId;
import io.phat4j.core.FixedBytes;
import io.phat4j.core.Hex;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Keys;

/**
 * A 20-byte EVM account or contract address.
 *
 * <p>{@code toString()} is the lower-case {@code 0x}-hex form; {@link #checksummed()} gives the
 * EIP-55 mixed-case form. Parsing accepts either case and does not enforce a checksum: addresses
 * from RPC replies are lower-case.
 */
public final class EvmAddress extends FixedBytes {
  /** The number of bytes in an address. */
  public static final int LENGTH = 20;

  /** The zero address. */
  public static final EvmAddress ZERO = new EvmAddress("address", new byte[LENGTH]);

  private EvmAddress(String field, byte[] bytes) {
    super(field, bytes, LENGTH);
  }

  /**
   * Wraps 20 bytes (copied).
   *
   * @param bytes the address
   * @return the address
   * @throws io.phat4j.core.DecodeException if {@code bytes} is not 20 bytes long
   */
  public static EvmAddress of(byte[] bytes) {
    return new EvmAddress("address", bytes);
  }

  /**
   * Parses 40 hex digits, with or without {@code 0x}.
   *
   * @param hex the address
   * @return the address
   * @throws io.phat4j.core.DecodeException if it is not 20 bytes of hex
   */
  public static EvmAddress fromHex(String hex) {
    return fromHex("address", hex);
  }

  /**
   * Parses 40 hex digits, naming the field in errors.
   *
   * @param field the field name for error messages
   * @param hex the address
   * @return the address
   * @throws io.phat4j.core.DecodeException if it is not 20 bytes of hex
   */
  public static EvmAddress fromHex(String field, String hex) {
    return new EvmAddress(field, Hex.decode(field, hex, LENGTH));
  }

  /**
   * Converts a dstack app id, which is the address of the app's {@code DstackApp} contract.
   *
   * @param appId the app id
   * @return the same 20 bytes as an address
   */
  public static EvmAddress of(AppId appId) {
    return of(appId.toByteArray());
  }

  /**
   * Returns the same 20 bytes as a dstack app id.
   *
   * @return the app id
   */
  public AppId toAppId() {
    return AppId.of(unsafeBytes());
  }

  /**
   * Returns the address as a web3j ABI value, for encoding calls.
   *
   * @return the ABI address
   */
  public Address toAbi() {
    return new Address(toString());
  }

  /**
   * Converts a web3j ABI address.
   *
   * @param address the ABI value
   * @return the address
   */
  public static EvmAddress fromAbi(Address address) {
    return fromHex(address.getValue());
  }

  /**
   * Returns the EIP-55 checksummed form.
   *
   * @return e.g. {@code 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266}
   */
  public String checksummed() {
    return Keys.toChecksumAddress(toString());
  }

  /**
   * Tells whether this is the zero address.
   *
   * @return {@code true} for {@code 0x000…0}
   */
  public boolean isZero() {
    return equals(ZERO);
  }

  @Override
  public String toString() {
    return "0x" + hex();
  }
}

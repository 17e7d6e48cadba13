package io.phat4j.contracts.rollup.internal;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.util.Locale;

/** Address text in one canonical form: {@code 0x} and 40 lowercase hex digits. */
public final class Addresses {
  private Addresses() {}

  /**
   * Validates and lowercases an address.
   *
   * @param field the field name for errors
   * @param address {@code 0x} and 40 hex digits, any case
   * @return the canonical form
   */
  public static String canonical(String field, String address) {
    byte[] bytes = Hex.decode(field, address, 20);
    if (!address.startsWith("0x") && !address.startsWith("0X")) {
      throw new DecodeException(field, "an address must start with 0x");
    }
    return Hex.encode0x(bytes).toLowerCase(Locale.ROOT);
  }

  /**
   * Formats 20 address bytes.
   *
   * @param bytes the address
   * @return the canonical form
   */
  public static String of(byte[] bytes) {
    return Hex.encode0x(bytes);
  }
}

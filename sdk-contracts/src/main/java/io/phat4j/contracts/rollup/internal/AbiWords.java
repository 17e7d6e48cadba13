package io.phat4j.contracts.rollup.internal;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import java.math.BigInteger;
import java.util.Arrays;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint32;

/** Single ABI words (uint32, address) as the anchor stores and decodes them. */
public final class AbiWords {
  private static final long UINT32_MAX = 0xffff_ffffL;

  private AbiWords() {}

  /**
   * Encodes {@code abi.encode(uint32 value)}.
   *
   * @param value 0..2^32-1
   * @return 32 bytes
   */
  public static byte[] uint32(long value) {
    if (value < 0 || value > UINT32_MAX) {
      throw new InvalidInputException("a uint32 must be 0..4294967295, got " + value);
    }
    return Hex.decode("uint32", TypeEncoder.encode(new Uint32(value)));
  }

  /**
   * Encodes {@code abi.encode(address a)}.
   *
   * @param address the address
   * @return 32 bytes
   */
  public static byte[] address(io.phat4j.contracts.chain.EvmAddress address) {
    return Hex.decode("address", TypeEncoder.encode(address.toAbi()));
  }

  /**
   * Reads the first word of {@code bytes} as a uint32, as Solidity's {@code abi.decode} does
   * (it rejects a word whose upper 28 bytes are not zero; bytes after the word are ignored).
   *
   * @param field the field name for errors
   * @param bytes at least 32 bytes
   * @return the value
   */
  public static long readUint32(String field, byte[] bytes) {
    requireWord(field, bytes);
    for (int i = 0; i < 28; i++) {
      if (bytes[i] != 0) {
        throw new DecodeException(field, i, "the word does not fit a uint32", null);
      }
    }
    return new BigInteger(1, Arrays.copyOfRange(bytes, 28, 32)).longValueExact();
  }

  /**
   * Reads the first word of {@code bytes} as an address, as Solidity's {@code abi.decode} does.
   *
   * @param field the field name for errors
   * @param bytes at least 32 bytes
   * @return the 20 address bytes
   */
  public static byte[] readAddress(String field, byte[] bytes) {
    requireWord(field, bytes);
    for (int i = 0; i < 12; i++) {
      if (bytes[i] != 0) {
        throw new DecodeException(field, i, "the word does not fit an address", null);
      }
    }
    return Arrays.copyOfRange(bytes, 12, 32);
  }

  /**
   * Reads a stored queue/condition value as the anchor's {@code toUint32Strict} does: empty
   * reads as 0, otherwise exactly one uint32 word.
   *
   * @param field the field name for errors
   * @param bytes the stored value
   * @return the value
   */
  public static long readUint32Strict(String field, byte[] bytes) {
    if (bytes.length == 0) {
      return 0;
    }
    if (bytes.length != 32) {
      throw new DecodeException(field, 0, "a stored uint32 is empty or 32 bytes, got " + bytes.length, null);
    }
    return readUint32(field, bytes);
  }

  private static void requireWord(String field, byte[] bytes) {
    if (bytes.length < 32) {
      throw new DecodeException(field, bytes.length, "needs a 32-byte word, got " + bytes.length + " bytes", null);
    }
  }
}

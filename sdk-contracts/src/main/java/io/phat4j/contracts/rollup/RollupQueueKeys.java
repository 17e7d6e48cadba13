package io.phat4j.contracts.rollup;

import io.phat4j.contracts.rollup.internal.AbiWords;
import java.nio.charset.StandardCharsets;

/**
 * Keys of the anchor's request queue in its store, and the value encoding of queue indices.
 *
 * <p>{@code q/_head} and {@code q/_tail} hold {@code abi.encode(uint32)}; item {@code n} lives at
 * {@code "q/" ‖ abi.encode(uint32 n)}, a 34-byte key.
 */
public final class RollupQueueKeys {
  /** The queue prefix, {@code q/}. */
  public static final String PREFIX = "q/";

  private RollupQueueKeys() {}

  /**
   * Returns the key of the queue head (the index of the first unprocessed request).
   *
   * @return the bytes of {@code q/_head}
   */
  public static byte[] head() {
    return (PREFIX + "_head").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Returns the key of the queue tail (the index the next request gets).
   *
   * @return the bytes of {@code q/_tail}
   */
  public static byte[] tail() {
    return (PREFIX + "_tail").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Returns the key of request {@code index}.
   *
   * @param index the queue index, 0..2^32-1
   * @return {@code "q/" ‖ abi.encode(uint32 index)}
   */
  public static byte[] item(long index) {
    byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
    byte[] word = AbiWords.uint32(index);
    byte[] key = new byte[prefix.length + word.length];
    System.arraycopy(prefix, 0, key, 0, prefix.length);
    System.arraycopy(word, 0, key, prefix.length, word.length);
    return key;
  }

  /**
   * Encodes a queue index or version as the anchor stores it.
   *
   * @param value 0..2^32-1
   * @return {@code abi.encode(uint32 value)}, 32 bytes
   */
  public static byte[] uint32Value(long value) {
    return AbiWords.uint32(value);
  }

  /**
   * Reads a stored uint32 as the anchor's {@code toUint32Strict} does (empty reads as 0).
   *
   * @param stored the stored bytes
   * @return the value
   * @throws io.phat4j.core.DecodeException if the value is neither empty nor one uint32 word
   */
  public static long readUint32(byte[] stored) {
    return AbiWords.readUint32Strict("stored_value", stored);
  }
}

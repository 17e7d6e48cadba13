package io.phat4j.core;

import org.jspecify.annotations.Nullable;

/**
 * Input could not be decoded: malformed hex, a wrong length, truncated binary data or JSON that
 * does not have the expected shape.
 *
 * <p>The message names the field and, for binary input, the byte offset where decoding failed.
 * Both are also available as {@link #field()} and {@link #offset()}.
 */
public class DecodeException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final long offset;

  /**
   * Creates a decode error for a field, without a byte offset.
   *
   * @param field the name of the field being decoded (e.g. {@code "public_key"})
   * @param problem what is wrong with it
   */
  public DecodeException(String field, String problem) {
    this(field, -1, problem, null);
  }

  /**
   * Creates a decode error.
   *
   * @param field the name of the field being decoded
   * @param offset the byte offset in the input where the problem is, or -1 when not binary
   * @param problem what is wrong
   * @param cause the underlying parser failure, if any
   */
  public DecodeException(String field, long offset, String problem, @Nullable Throwable cause) {
    super(offset >= 0 ? field + " at offset " + offset + ": " + problem : field + ": " + problem, cause);
    this.field = field;
    this.offset = offset;
  }

  /**
   * Returns the field that failed to decode.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }

  /**
   * Returns the byte offset of the problem in binary input.
   *
   * @return the offset, or -1 when the input is not binary or no offset applies
   */
  public long offset() {
    return offset;
  }
}

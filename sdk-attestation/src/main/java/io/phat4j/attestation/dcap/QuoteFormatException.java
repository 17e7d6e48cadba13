package io.phat4j.attestation.dcap;

import io.phat4j.core.DecodeException;

/**
 * A quote is truncated or malformed: a declared length runs past the end of the data, a version or
 * body type is not supported, or a nested structure is inconsistent.
 *
 * <p>The message names the field and the byte offset in the quote where decoding stopped.
 */
public final class QuoteFormatException extends DecodeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a quote format error.
   *
   * @param field the quote field being decoded (e.g. {@code "auth_data_size"})
   * @param offset the byte offset in the quote
   * @param problem what is wrong
   */
  public QuoteFormatException(String field, long offset, String problem) {
    super(field, offset, problem, null);
  }
}

package io.phat4j.attestation.gpu;

import io.phat4j.core.DecodeException;
import org.jspecify.annotations.Nullable;

/**
 * GPU evidence, an {@code nvidia_payload} or a RIM could not be decoded.
 *
 * <p>The message names the field and, for binary input, the byte offset where decoding failed.
 */
public final class GpuEvidenceFormatException extends DecodeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a format error in binary input.
   *
   * @param field the field being decoded (e.g. {@code "measurement_record_length"})
   * @param offset the byte offset in the input
   * @param problem what is wrong
   */
  public GpuEvidenceFormatException(String field, long offset, String problem) {
    super(field, offset, problem, null);
  }

  /**
   * Creates a format error in text input (JSON, XML, PEM).
   *
   * @param field the field being decoded (e.g. {@code "evidence_list[0].certificate"})
   * @param problem what is wrong
   * @param cause the underlying parser failure, if any
   */
  public GpuEvidenceFormatException(String field, String problem, @Nullable Throwable cause) {
    super(field, -1, problem, cause);
  }
}

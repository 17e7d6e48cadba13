package io.phat4j.attestation.os;

import io.phat4j.core.PhalaException;
import java.util.Objects;

/**
 * Expected registers could not be computed from the inputs given: a VM shape the measurement
 * cannot model (RAM size, QEMU version), or image material that does not describe a bootable
 * image. The message starts with the offending field, available as {@link #field()}.
 */
public class MeasurementException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the input field at fault, e.g. {@code vm_config.memory_size}
   * @param problem what is wrong with it
   */
  public MeasurementException(String field, String problem) {
    super(field + ": " + problem);
    this.field = Objects.requireNonNull(field, "field");
  }

  /**
   * Returns the input field at fault.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }
}

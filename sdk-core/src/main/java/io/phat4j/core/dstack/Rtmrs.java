package io.phat4j.core.dstack;

import io.phat4j.core.Measurement;
import java.util.Objects;

/**
 * The four TDX runtime measurement registers, RTMR0–3.
 *
 * <p>Equality is by content, so a replayed value can be compared with one read from a quote.
 *
 * @param rtmr0 RTMR0 (virtual hardware configuration)
 * @param rtmr1 RTMR1 (kernel)
 * @param rtmr2 RTMR2 (kernel command line and initrd)
 * @param rtmr3 RTMR3 (dstack runtime events)
 */
public record Rtmrs(Measurement rtmr0, Measurement rtmr1, Measurement rtmr2, Measurement rtmr3) {
  /**
   * Checks the components.
   *
   * @param rtmr0 RTMR0
   * @param rtmr1 RTMR1
   * @param rtmr2 RTMR2
   * @param rtmr3 RTMR3
   */
  public Rtmrs {
    Objects.requireNonNull(rtmr0, "rtmr0");
    Objects.requireNonNull(rtmr1, "rtmr1");
    Objects.requireNonNull(rtmr2, "rtmr2");
    Objects.requireNonNull(rtmr3, "rtmr3");
  }

  /**
   * Returns one register by index.
   *
   * @param index 0 to 3
   * @return the register
   * @throws IllegalArgumentException if the index is not 0–3
   */
  public Measurement get(int index) {
    return switch (index) {
      case 0 -> rtmr0;
      case 1 -> rtmr1;
      case 2 -> rtmr2;
      case 3 -> rtmr3;
      default -> throw new IllegalArgumentException("RTMR index must be 0-3, got " + index);
    };
  }
}

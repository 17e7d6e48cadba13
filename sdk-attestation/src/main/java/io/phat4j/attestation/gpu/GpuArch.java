package io.phat4j.attestation.gpu;

import java.util.Locale;

/** The GPU architecture an evidence entry claims, as in the payload's {@code arch} field. */
public enum GpuArch {
  /** NVIDIA Hopper (H100, H200). */
  HOPPER,
  /** NVIDIA Blackwell (B200): FWID in a DICE TcbInfo, driver RIM named by chip. */
  BLACKWELL;

  /**
   * Parses the payload spelling ({@code "HOPPER"}, case-insensitive).
   *
   * @param field the JSON field, for the error message
   * @param text the value
   * @return the architecture
   * @throws GpuEvidenceFormatException if the value is not a known architecture
   */
  public static GpuArch parse(String field, String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new GpuEvidenceFormatException(field, "unknown GPU architecture '" + text + "'", null);
    }
  }
}

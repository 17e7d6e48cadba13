package io.phat4j.attestation.os.internal;

import org.jspecify.annotations.Nullable;

/**
 * QEMU-version-dependent launch options, decided as dstack-mr decides them: QEMU 8.x adds TD pages
 * in two passes (all MEM.PAGE.ADD, then all MR.EXTEND) and enables the PIC; 9.0 and later use one
 * pass and no PIC; an absent version means 9.1.0; versions below 8.0.0 are not supported. An
 * explicit VM-config flag overrides the default.
 *
 * @param major the QEMU major version
 * @param minor the minor version
 * @param patch the patch version
 * @param pic whether the PIC is enabled
 * @param twoPassAddPages whether TD pages are added in two passes
 */
public record QemuOptions(long major, long minor, long patch, boolean pic, boolean twoPassAddPages) {

  /** Thrown when the QEMU version cannot be used; the message says why. */
  public static final class UnsupportedQemuException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedQemuException(String message) {
      super(message);
    }
  }

  /**
   * Resolves the options.
   *
   * @param qemuVersion {@code MAJOR.MINOR.PATCH}, or null for the default 9.1.0
   * @param pic an explicit PIC setting, or null for the version default
   * @param twoPassOverride an explicit page-add order (dstack passes {@code
   *     qemu_single_pass_add_pages} here), or null for the version default
   * @return the options
   * @throws UnsupportedQemuException if the version is malformed or older than 8.0.0
   */
  public static QemuOptions resolve(@Nullable String qemuVersion, @Nullable Boolean pic, @Nullable Boolean twoPassOverride)
      throws UnsupportedQemuException {
    long[] v = qemuVersion == null ? new long[] {9, 1, 0} : parse(qemuVersion);
    if (compare(v, 8, 0, 0) < 0) {
      throw new UnsupportedQemuException("QEMU " + v[0] + "." + v[1] + "." + v[2] + " is not supported (8.0.0 or later)");
    }
    boolean qemu8 = compare(v, 9, 0, 0) < 0;
    return new QemuOptions(v[0], v[1], v[2],
        pic != null ? pic : qemu8,
        twoPassOverride != null ? twoPassOverride : qemu8);
  }

  private static long[] parse(String version) throws UnsupportedQemuException {
    String[] parts = version.split("\\.", -1);
    if (parts.length != 3) {
      throw new UnsupportedQemuException("QEMU version must be MAJOR.MINOR.PATCH, got " + parts.length + " parts");
    }
    long[] out = new long[3];
    for (int i = 0; i < 3; i++) {
      String p = parts[i].startsWith("+") ? parts[i].substring(1) : parts[i];
      if (p.isEmpty() || p.length() > 10 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new UnsupportedQemuException("QEMU version component is not a number");
      }
      out[i] = Long.parseLong(p);
      if (out[i] > 0xFFFF_FFFFL) {
        throw new UnsupportedQemuException("QEMU version component is out of range");
      }
    }
    return out;
  }

  private static int compare(long[] v, long major, long minor, long patch) {
    int c = Long.compare(v[0], major);
    if (c == 0) {
      c = Long.compare(v[1], minor);
    }
    if (c == 0) {
      c = Long.compare(v[2], patch);
    }
    return c;
  }
}

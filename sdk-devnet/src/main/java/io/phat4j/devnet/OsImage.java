package io.phat4j.devnet;

import io.phat4j.core.Bytes32;
import io.phat4j.core.CryptoException;
import io.phat4j.core.Measurement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A simulated dstack OS image: its name and the boot-time measurements every CVM booted from it
 * reports (MRTD and the boot events that replay to RTMR0–2), plus its {@code os_image_hash}.
 *
 * <p>The values are derived from the name, so two devnets with the same image report the same
 * measurements, and a verifier can pin them like it pins a real image's. They are not the
 * measurements of any real image.
 *
 * @param name the image name, e.g. {@code dstack-0.5.3}
 * @param mrtd the firmware measurement
 * @param bootEvents the IMR 0–2 events, in order (their digests replay to RTMR0–2)
 * @param osImageHash the image hash reported in the {@code os-image-hash} event and by {@code Info}
 */
public record OsImage(String name, Measurement mrtd, List<BootEvent> bootEvents, Bytes32 osImageHash) {
  /** The image a devnet boots unless told otherwise. */
  public static final String DEFAULT_NAME = "dstack-0.5.3";

  /**
   * Checks and copies the components.
   *
   * @param name the name
   * @param mrtd MRTD
   * @param bootEvents the boot events
   * @param osImageHash the image hash
   */
  public OsImage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mrtd, "mrtd");
    Objects.requireNonNull(osImageHash, "osImageHash");
    bootEvents = List.copyOf(bootEvents);
    for (BootEvent e : bootEvents) {
      if (e.imr() < 0 || e.imr() > 2) {
        throw new IllegalArgumentException("boot events extend IMR 0-2, got " + e.imr());
      }
    }
  }

  /**
   * Derives a simulated image from its name: MRTD, four boot events (firmware configuration,
   * kernel, command line, initrd) and the image hash.
   *
   * @param name the image name
   * @return the image
   */
  public static OsImage simulated(String name) {
    Objects.requireNonNull(name, "name");
    List<BootEvent> events = List.of(
        new BootEvent(0, 0x80000001L, "ovmf-td-hob", derive(name, "rtmr0:td-hob")),
        new BootEvent(0, 0x80000001L, "ovmf-acpi-tables", derive(name, "rtmr0:acpi")),
        new BootEvent(1, 0x80000003L, "kernel", derive(name, "rtmr1:kernel")),
        new BootEvent(2, 0x0000000dL, "kernel-cmdline", derive(name, "rtmr2:cmdline")),
        new BootEvent(2, 0x0000000dL, "initrd", derive(name, "rtmr2:initrd")));
    byte[] hash = Arrays.copyOf(derive(name, "os-image-hash").toByteArray(), 32);
    return new OsImage(name, derive(name, "mrtd"), events, Bytes32.of(hash));
  }

  /**
   * Returns RTMR {@code index} (0–2) as the boot events extend it.
   *
   * @param index 0, 1 or 2
   * @return the register value
   */
  public Measurement rtmr(int index) {
    if (index < 0 || index > 2) {
      throw new IllegalArgumentException("an OS image fixes RTMR0-2, not RTMR" + index);
    }
    byte[] mr = new byte[48];
    for (BootEvent e : bootEvents) {
      if (e.imr() == index) {
        mr = extend(mr, e.digest().toByteArray());
      }
    }
    return Measurement.of(mr);
  }

  /**
   * Extends a register: SHA-384(register ‖ digest).
   *
   * @param register 48 bytes
   * @param digest 48 bytes
   * @return the new value
   */
  static byte[] extend(byte[] register, byte[] digest) {
    MessageDigest sha = sha384();
    sha.update(register);
    sha.update(digest);
    return sha.digest();
  }

  private static Measurement derive(String name, String label) {
    return Measurement.of(sha384().digest(
        ("phat4j-devnet/os-image/" + name + "/" + label).getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha384() {
    try {
      return MessageDigest.getInstance("SHA-384");
    } catch (NoSuchAlgorithmException e) {
      throw new CryptoException("SHA-384 is not available", e);
    }
  }

  /**
   * One boot-time event of the image, as {@code GetQuote} lists it (payload stripped, digest kept).
   *
   * @param imr the register it extends, 0 to 2
   * @param eventType the TCG event type
   * @param event a short description
   * @param digest the SHA-384 digest extended into the register
   */
  public record BootEvent(int imr, long eventType, String event, Measurement digest) {
    /**
     * Checks the components.
     *
     * @param imr the register
     * @param eventType the type
     * @param event the description
     * @param digest the digest
     */
    public BootEvent {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(digest, "digest");
    }
  }
}

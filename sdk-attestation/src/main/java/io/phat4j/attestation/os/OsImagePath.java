package io.phat4j.attestation.os;

/** Which way the OS image was checked. */
public enum OsImagePath {
  /**
   * From {@code vm_config.tdx_measurement}: the image's checksum file and measurement document,
   * bound to {@code os_image_hash}, plus the event log's ACPI digests. No image files needed.
   */
  LITE,
  /**
   * From the image's own files (firmware, kernel, initrd, {@code metadata.json}, bound to {@code
   * os_image_hash} by its {@code sha256sum.txt}) or from registers pinned in {@link
   * ReferenceValues} for the image and VM shape.
   */
  FULL,
  /** Nothing to check against: no measurement document, no files, no pinned registers. */
  NONE
}

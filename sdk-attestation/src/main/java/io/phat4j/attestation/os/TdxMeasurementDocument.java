package io.phat4j.attestation.os;

import io.phat4j.attestation.os.internal.Digests;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * {@code vm_config.tdx_measurement}: an OS image's checksum file ({@code sha256sum.txt}) and its
 * {@code measurement.tdx.cbor}, both as raw bytes (base64 in the VM config JSON).
 *
 * <p>The image identity is {@code os_image_hash = SHA-256(checksum file)}; the checksum file in
 * turn lists the SHA-256 of {@code measurement.tdx.cbor}. {@link OsImageVerifier} checks both
 * links; this class only carries the bytes.
 *
 * <p>Immutable and thread-safe; byte arrays are copied in and out. Equal when both files are equal.
 */
public final class TdxMeasurementDocument {
  /** The name the checksum file lists the measurement document under. */
  public static final String MEASUREMENT_FILE_NAME = "measurement.tdx.cbor";

  private final byte[] checksumFile;
  private final byte[] measurement;

  private TdxMeasurementDocument(byte[] checksumFile, byte[] measurement) {
    this.checksumFile = checksumFile.clone();
    this.measurement = measurement.clone();
  }

  /**
   * Wraps the two files.
   *
   * @param checksumFile the {@code sha256sum.txt} bytes
   * @param measurement the {@code measurement.tdx.cbor} bytes
   * @return the document
   */
  public static TdxMeasurementDocument of(byte[] checksumFile, byte[] measurement) {
    return new TdxMeasurementDocument(
        Objects.requireNonNull(checksumFile, "checksumFile"), Objects.requireNonNull(measurement, "measurement"));
  }

  /**
   * Builds the document for a measurement whose image has no other files listed: the checksum file
   * is the single line {@code <sha256 of the CBOR>  measurement.tdx.cbor}. This is how a dev image
   * (the devnet's) gets a lite measurement; a real image lists all its files.
   *
   * @param measurement the measurement to encode
   * @return the document; its {@link #osImageHash()} is the image's {@code os_image_hash}
   */
  public static TdxMeasurementDocument create(TdxOsImageMeasurement measurement) {
    byte[] cbor = measurement.toCbor();
    String line = Hex.encode(Digests.sha256(cbor)) + "  " + MEASUREMENT_FILE_NAME + "\n";
    return new TdxMeasurementDocument(line.getBytes(StandardCharsets.UTF_8), cbor);
  }

  /**
   * Returns the checksum file.
   *
   * @return a copy of its bytes
   */
  public byte[] checksumFile() {
    return checksumFile.clone();
  }

  /**
   * Returns {@code measurement.tdx.cbor}.
   *
   * @return a copy of its bytes
   */
  public byte[] measurement() {
    return measurement.clone();
  }

  /**
   * Returns the image identity this document defines.
   *
   * @return SHA-256 of the checksum file
   */
  public Bytes32 osImageHash() {
    return Bytes32.of(Digests.sha256(checksumFile));
  }

  /**
   * Decodes the measurement document (without checking it against the checksum file).
   *
   * @return the decoded measurement
   * @throws io.phat4j.core.DecodeException if the CBOR is not a version 3 or 4 document
   */
  public TdxOsImageMeasurement decodeMeasurement() {
    return TdxOsImageMeasurement.decode(measurement);
  }

  /**
   * Returns the checksum file as base64, as the VM config JSON carries it.
   *
   * @return standard base64 with padding
   */
  public String checksumFileBase64() {
    return Base64.getEncoder().encodeToString(checksumFile);
  }

  /**
   * Returns the measurement document as base64, as the VM config JSON carries it.
   *
   * @return standard base64 with padding
   */
  public String measurementBase64() {
    return Base64.getEncoder().encodeToString(measurement);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TdxMeasurementDocument d
        && Arrays.equals(checksumFile, d.checksumFile)
        && Arrays.equals(measurement, d.measurement);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(checksumFile) + Arrays.hashCode(measurement);
  }

  @Override
  public String toString() {
    return "TdxMeasurementDocument[os_image_hash=" + osImageHash() + ", " + measurement.length + " CBOR bytes]";
  }
}

package io.phat4j.attestation.gpu;

import io.phat4j.attestation.gpu.internal.ByteCursor;
import io.phat4j.core.Bytes32;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GPU attestation report: the SPDM 1.1 GET_MEASUREMENTS request (37 bytes, with the caller's
 * nonce) followed by the signed MEASUREMENTS response (measurement blocks, responder nonce, NVIDIA
 * opaque data and a 96-byte ECDSA P-384 signature).
 *
 * <p>Parsing is strict: every length is bounds-checked, the measurement count must match, and no
 * trailing bytes are allowed. Instances are immutable.
 */
public final class SpdmMeasurementReport {
  /** Length of the GET_MEASUREMENTS request that precedes the response. */
  public static final int REQUEST_LENGTH = 37;
  /** Length of the raw {@code r‖s} P-384 signature that ends the report. */
  public static final int SIGNATURE_LENGTH = 96;
  private static final int GET_MEASUREMENTS = 0xE0;
  private static final int MEASUREMENTS = 0x60;
  private static final int DMTF_SPEC = 1;

  private final byte[] raw;
  private final int spdmVersion;
  private final Bytes32 requestNonce;
  private final Bytes32 responderNonce;
  private final List<MeasurementBlock> measurements;
  private final OpaqueData opaqueData;

  private SpdmMeasurementReport(
      byte[] raw,
      int spdmVersion,
      Bytes32 requestNonce,
      Bytes32 responderNonce,
      List<MeasurementBlock> measurements,
      OpaqueData opaqueData) {
    this.raw = raw;
    this.spdmVersion = spdmVersion;
    this.requestNonce = requestNonce;
    this.responderNonce = responderNonce;
    this.measurements = measurements;
    this.opaqueData = opaqueData;
  }

  /**
   * Parses report bytes (request followed by response).
   *
   * @param report the raw report, as base64-decoded from the payload's {@code evidence}
   * @return the parsed report
   * @throws GpuEvidenceFormatException naming the field and offset of the first problem
   */
  public static SpdmMeasurementReport parse(byte[] report) {
    byte[] raw = report.clone();
    ByteCursor in = new ByteCursor(raw);
    int version = in.u8("request.spdm_version");
    int pos = in.position();
    int code = in.u8("request.request_response_code");
    if (code != GET_MEASUREMENTS) {
      throw new GpuEvidenceFormatException(
          "request.request_response_code", pos, "expected 0xE0 (GET_MEASUREMENTS), got " + hex(code));
    }
    in.u8("request.param1");
    in.u8("request.param2");
    Bytes32 requestNonce = Bytes32.of(in.bytes("request.nonce", 32));
    in.u8("request.slot_id");

    pos = in.position();
    int responseVersion = in.u8("response.spdm_version");
    if (responseVersion != version) {
      throw new GpuEvidenceFormatException(
          "response.spdm_version", pos, "response version " + hex(responseVersion)
              + " differs from request version " + hex(version));
    }
    pos = in.position();
    code = in.u8("response.request_response_code");
    if (code != MEASUREMENTS) {
      throw new GpuEvidenceFormatException(
          "response.request_response_code", pos, "expected 0x60 (MEASUREMENTS), got " + hex(code));
    }
    in.u8("response.param1");
    in.u8("response.param2");
    int blockCount = in.u8("response.number_of_blocks");
    int recordLength = in.u24("response.measurement_record_length");
    List<MeasurementBlock> blocks = parseBlocks(in.slice("response.measurement_record", recordLength), blockCount);
    Bytes32 responderNonce = Bytes32.of(in.bytes("response.nonce", 32));
    int opaqueLength = in.u16("response.opaque_length");
    OpaqueData opaque = parseOpaque(in.slice("response.opaque_data", opaqueLength));
    in.bytes("response.signature", SIGNATURE_LENGTH);
    in.expectEnd("response.signature");
    return new SpdmMeasurementReport(raw, version, requestNonce, responderNonce, blocks, opaque);
  }

  private static List<MeasurementBlock> parseBlocks(ByteCursor in, int expected) {
    List<MeasurementBlock> blocks = new ArrayList<>(expected);
    while (in.remaining() > 0) {
      int index = in.u8("measurement_block.index");
      int pos = in.position();
      int spec = in.u8("measurement_block.specification");
      if (spec != DMTF_SPEC) {
        throw new GpuEvidenceFormatException(
            "measurement_block[" + index + "].specification", pos, "expected 1 (DMTF), got " + spec);
      }
      int size = in.u16("measurement_block[" + index + "].size");
      ByteCursor m = in.slice("measurement_block[" + index + "].measurement", size);
      int type = m.u8("measurement_block[" + index + "].value_type");
      int valueSize = m.u16("measurement_block[" + index + "].value_size");
      byte[] value = m.bytes("measurement_block[" + index + "].value", valueSize);
      m.expectEnd("measurement_block[" + index + "].measurement");
      blocks.add(new MeasurementBlock(index, type, value));
    }
    if (blocks.size() != expected) {
      throw new GpuEvidenceFormatException(
          "response.number_of_blocks", 37 + 4,
          "header says " + expected + " blocks but the record holds " + blocks.size());
    }
    return List.copyOf(blocks);
  }

  private static OpaqueData parseOpaque(ByteCursor in) {
    Map<Integer, byte[]> fields = new LinkedHashMap<>();
    while (in.remaining() > 0) {
      int pos = in.position();
      int type = in.u16("opaque_data.type");
      int size = in.u16("opaque_data[" + type + "].size");
      byte[] value = in.bytes("opaque_data[" + type + "].value", size);
      if (fields.putIfAbsent(type, value) != null) {
        throw new GpuEvidenceFormatException("opaque_data[" + type + "]", pos, "duplicate TLV type " + type);
      }
    }
    return new OpaqueData(fields);
  }

  private static String hex(int b) {
    return String.format("0x%02X", b);
  }

  /**
   * Returns the SPDM version byte (0x11 for SPDM 1.1).
   *
   * @return the version
   */
  public int spdmVersion() {
    return spdmVersion;
  }

  /**
   * Returns the nonce the requester sent; it must equal the caller's fresh nonce.
   *
   * @return the request nonce
   */
  public Bytes32 requestNonce() {
    return requestNonce;
  }

  /**
   * Returns the GPU's own nonce from the response (not checked by NVIDIA's verifier).
   *
   * @return the responder nonce
   */
  public Bytes32 responderNonce() {
    return responderNonce;
  }

  /**
   * Returns the measurement blocks in report order.
   *
   * @return the blocks
   */
  public List<MeasurementBlock> measurements() {
    return measurements;
  }

  /**
   * Returns the NVIDIA opaque data TLVs.
   *
   * @return the opaque data
   */
  public OpaqueData opaqueData() {
    return opaqueData;
  }

  /**
   * Returns the bytes the signature covers: the request and the response without its signature.
   *
   * @return a copy of the signed bytes
   */
  public byte[] signedBytes() {
    return Arrays.copyOf(raw, raw.length - SIGNATURE_LENGTH);
  }

  /**
   * Returns the raw 96-byte {@code r‖s} signature.
   *
   * @return a copy of the signature
   */
  public byte[] signature() {
    return Arrays.copyOfRange(raw, raw.length - SIGNATURE_LENGTH, raw.length);
  }

  /**
   * Returns the whole report as parsed.
   *
   * @return a copy of the report bytes
   */
  public byte[] toByteArray() {
    return raw.clone();
  }

  /** Returns a short summary (nonce, block count, versions). */
  @Override
  public String toString() {
    return "SpdmMeasurementReport[nonce=" + requestNonce + ", blocks=" + measurements.size()
        + ", driver=" + opaqueData.driverVersion().orElse("?")
        + ", vbios=" + opaqueData.vbiosVersion().orElse("?") + "]";
  }
}

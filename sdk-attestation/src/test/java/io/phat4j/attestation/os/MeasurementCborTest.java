package io.phat4j.attestation.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.attestation.os.internal.MeasurementCbor;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hostile and malformed measurement documents are refused with the field named. */
class MeasurementCborTest {
  private static final byte[] DIGEST = filled(48, 0x22);

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private static Map<String, Object> document(long version) {
    Map<String, Object> image = new LinkedHashMap<>();
    if (version == 3) {
      image.put("cmdline_sha384", DIGEST);
    } else {
      image.put("cmdline", "console=ttyS0 dstack.rootfs_hash=" + "11".repeat(32));
    }
    image.put("kernel_authenticode", DIGEST);
    image.put("initrd_sha384", DIGEST);
    Map<String, Object> mrtd = new LinkedHashMap<>();
    mrtd.put("single_pass", DIGEST);
    mrtd.put("two_pass", DIGEST);
    Map<String, Object> tdvf = new LinkedHashMap<>();
    tdvf.put("ovmf", "pre202505");
    tdvf.put("mrtd", mrtd);
    tdvf.put("td_hob", Hex.decode("w", "80100904000609020b021010"));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", version);
    root.put("image", image);
    root.put("tdvf", tdvf);
    return root;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sub(Map<String, Object> m, String key) {
    return (Map<String, Object>) m.get(key);
  }

  @Test
  void bothVersionsDecode() {
    TdxOsImageMeasurement v3 = TdxOsImageMeasurement.decode(MeasurementCbor.write(document(3)));
    TdxOsImageMeasurement v4 = TdxOsImageMeasurement.decode(MeasurementCbor.write(document(4)));
    assertThat(v3.version()).isEqualTo(3);
    assertThat(v3.cmdlineDigest()).isEqualTo(Measurement.of(DIGEST));
    assertThat(v4.version()).isEqualTo(4);
    assertThat(v4.kernelHeaderNormalized()).isFalse();
    assertThat(v4.cmdline()).startsWith("console=ttyS0");
    assertThat(TdxOsImageMeasurement.decode(v4.toCbor()).cmdlineDigest()).isEqualTo(v4.cmdlineDigest());
  }

  @Test
  void unknownFieldsAreIgnoredAsDstackDoes() {
    Map<String, Object> doc = document(4);
    doc.put("future", "x");
    sub(doc, "image").put("extra", 1L);
    assertThat(TdxOsImageMeasurement.decode(MeasurementCbor.write(doc)).version()).isEqualTo(4);
  }

  @Test
  void otherVersionsAreRefused() {
    for (long v : new long[] {0, 2, 5, 0xFFFF_FFFFL}) {
      assertThatThrownBy(() -> TdxOsImageMeasurement.decode(MeasurementCbor.write(document(v))))
          .isInstanceOf(DecodeException.class)
          .hasMessageStartingWith("vm_config.tdx_measurement.measurement.version")
          .hasMessageContaining("unsupported version");
    }
  }

  @Test
  void aVersion3FieldInAVersion4DocumentIsNotEnough() {
    Map<String, Object> doc = document(4);
    sub(doc, "image").remove("cmdline");
    sub(doc, "image").put("cmdline_sha384", DIGEST);
    assertThatThrownBy(() -> TdxOsImageMeasurement.decode(MeasurementCbor.write(doc)))
        .hasMessageStartingWith("vm_config.tdx_measurement.measurement.image.cmdline: is missing");
  }

  @Test
  void wrongTypesAndLengthsNameTheField() {
    Map<String, Object> shortDigest = document(3);
    sub(shortDigest, "image").put("kernel_authenticode", new byte[47]);
    assertThatThrownBy(() -> TdxOsImageMeasurement.decode(MeasurementCbor.write(shortDigest)))
        .hasMessageStartingWith("vm_config.tdx_measurement.measurement.image.kernel_authenticode: must be 48 bytes");

    Map<String, Object> textDigest = document(3);
    sub(textDigest, "image").put("initrd_sha384", Hex.encode(DIGEST));
    assertThatThrownBy(() -> TdxOsImageMeasurement.decode(MeasurementCbor.write(textDigest)))
        .hasMessageStartingWith("vm_config.tdx_measurement.measurement.image.initrd_sha384: must be a CBOR byte string");

    Map<String, Object> badOvmf = document(4);
    sub(badOvmf, "tdvf").put("ovmf", "post202505");
    assertThatThrownBy(() -> TdxOsImageMeasurement.decode(MeasurementCbor.write(badOvmf)))
        .hasMessageStartingWith("vm_config.tdx_measurement.measurement.tdvf.ovmf");

    Map<String, Object> badFlag = document(4);
    sub(badFlag, "image").put("kernel_header_normalized", 1L);
    assertThatThrownBy(() -> TdxOsImageMeasurement.decode(MeasurementCbor.write(badFlag)))
        .hasMessageStartingWith("vm_config.tdx_measurement.measurement.image.kernel_header_normalized");

    Map<String, Object> longCmdline = document(4);
    sub(longCmdline, "image").put("cmdline", "x".repeat(2049));
    assertThatThrownBy(() -> TdxOsImageMeasurement.decode(MeasurementCbor.write(longCmdline)))
        .hasMessageContaining("COMMAND_LINE_SIZE");
  }

  @Test
  void malformedCborIsADecodeError() {
    byte[] good = MeasurementCbor.write(document(3));
    byte[][] bad = {
        new byte[0],
        Arrays.copyOf(good, good.length - 10),
        Arrays.copyOf(good, good.length + 1), // trailing zero byte = a second item
        Hex.decode("b", "a1"), // map with a missing entry
        Hex.decode("b", "5bffffffffffffffff"), // byte string claiming 2^64-1 bytes
        Hex.decode("b", "a2 6776657273696f6e 03 6776657273696f6e 03".replace(" ", "")), // duplicate key
        Hex.decode("b", "83010203"), // an array, not a map
    };
    for (byte[] b : bad) {
      assertThatThrownBy(() -> TdxOsImageMeasurement.decode(b))
          .as(Hex.encode(b))
          .isInstanceOf(DecodeException.class)
          .hasMessageStartingWith("vm_config.tdx_measurement.measurement");
    }
  }

  @Test
  void deepNestingAndOversizedInputAreRefused() {
    byte[] deep = new byte[5000];
    Arrays.fill(deep, (byte) 0x81); // arrays of one array of ...
    assertThatThrownBy(() -> TdxOsImageMeasurement.decode(deep)).isInstanceOf(DecodeException.class);
    byte[] big = new byte[MeasurementCbor.MAX_BYTES + 1];
    assertThatThrownBy(() -> TdxOsImageMeasurement.decode(big)).hasMessageContaining("limit");
  }
}

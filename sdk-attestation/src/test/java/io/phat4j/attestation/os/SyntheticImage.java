package io.phat4j.attestation.os;

import io.phat4j.attestation.os.internal.BootLogs;
import io.phat4j.attestation.os.internal.Digests;
import io.phat4j.core.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A small but structurally real dstack OS image built in memory: a TDVF with an OVMF GUIDed table,
 * a TDVF descriptor and the section layout dstack's OVMF has (a measured boot firmware volume, a
 * configuration volume, the TD HOB at 0x809000 and three temporary-memory ranges); a PE/bzImage
 * kernel with a Linux setup header; an initrd; metadata.json and sha256sum.txt.
 */
final class SyntheticImage {
  static final String ROOTFS_HASH = "843d26dd79344eca813c577afc8984ff1ca79477205bbb3c0b0c8469ca937f2f";
  static final String CMDLINE = "console=ttyS0 init=/init panic=1 dstack.rootfs_hash=" + ROOTFS_HASH + " dstack.rootfs_size=4096";

  private SyntheticImage() {}

  /** The TDVF: 0x5000 bytes, BFV measured page by page, CFV added only, TD_HOB and TEMP_MEM. */
  static byte[] firmware(long seed) {
    int length = 0x5000;
    byte[] fw = new byte[length];
    new Random(seed).nextBytes(fw);
    int meta = 0x3000;
    long[][] sections = {
        // data_offset, raw_size, memory_address, memory_size, type, attributes
        {0x0000, 0x2000, 0xFFFF_C000L, 0x2000, 0x00, 0x1}, // BFV, MR.EXTEND
        {0x2000, 0x1000, 0xFFFF_B000L, 0x1000, 0x01, 0x0}, // CFV
        {0, 0, 0x810000, 0x10000, 0x03, 0x0}, // TEMP_MEM
        {0, 0, 0x80b000, 0x2000, 0x03, 0x0}, // TEMP_MEM
        {0, 0, 0x809000, 0x2000, 0x02, 0x0}, // TD_HOB
        {0, 0, 0x800000, 0x6000, 0x03, 0x0}, // TEMP_MEM
    };
    ByteBuffer b = ByteBuffer.wrap(fw).order(ByteOrder.LITTLE_ENDIAN);
    b.position(meta);
    b.put("TDVF".getBytes(StandardCharsets.US_ASCII));
    b.putInt(16 + 32 * sections.length);
    b.putInt(1);
    b.putInt(sections.length);
    for (long[] s : sections) {
      b.putInt((int) s[0]).putInt((int) s[1]).putLong(s[2]).putLong(s[3]).putInt((int) s[4]).putInt((int) s[5]);
    }
    // OVMF GUIDed table, read backwards from 32 bytes before the end:
    // [u32 offset of the TDVF descriptor from the end][u16 22][metadata GUID][u16 40][footer GUID][32 bytes]
    int footerGuid = length - 32 - 16;
    b.position(footerGuid - 2 - 16 - 2 - 4);
    b.putInt(length - meta);
    b.putShort((short) 22);
    b.put(BootLogs.guidBytes("e47a6535-984a-4798-865e-4685a7bf8ec2"));
    b.putShort((short) 40);
    b.put(BootLogs.guidBytes("96b582de-1fb2-45f7-baea-a366c55a082d"));
    return fw;
  }

  /** A PE32+ bzImage: one 4 KiB section, a boot-protocol 2.12 setup header that may load high. */
  static byte[] kernel(long seed) {
    byte[] k = new byte[0x2000];
    new Random(seed).nextBytes(k);
    ByteBuffer b = ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN);
    int lfanew = 0x40;
    b.putInt(0x3c, lfanew);
    b.putInt(lfanew, 0x0000_4550); // "PE\0\0"
    int coff = lfanew + 4;
    b.putShort(coff + 2, (short) 1); // one section
    b.putShort(coff + 16, (short) 0xf0); // size of optional header
    int opt = coff + 20;
    b.putShort(opt, (short) 0x20b); // PE32+
    b.putInt(opt + 60, 0x400); // size of headers
    b.putLong(opt + 112 + 4 * 8, 0); // no certificate table
    int section = opt + 0xf0;
    b.putInt(section + 16, 0x1000); // size of raw data
    b.putInt(section + 20, 0x1000); // pointer to raw data
    k[0x202] = 'H';
    k[0x203] = 'd';
    k[0x204] = 'r';
    k[0x205] = 'S';
    b.putShort(0x206, (short) 0x020c); // boot protocol 2.12
    k[0x211] = 0x01; // loaded high
    b.putShort(0x236, (short) 0x0040); // xloadflags
    return k;
  }

  static byte[] initrd(long seed) {
    byte[] i = new byte[3000];
    new Random(seed).nextBytes(i);
    return i;
  }

  static byte[] metadata(boolean headerNormalized) {
    return ("{\"bios\":\"ovmf.fd\",\"kernel\":\"bzImage\",\"initrd\":\"initramfs.cpio.gz\",\"cmdline\":\"" + CMDLINE
        + "\",\"version\":\"0.6.0\",\"is_dev\":true,\"ovmf_variant\":\"pre202505\""
        + (headerNormalized ? ",\"kernel_header_normalized\":true" : "") + "}").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A whole image: its files, its measurement document, and a sha256sum.txt listing all of them (so
   * one os_image_hash serves both the full and the lite path, as in a real dstack image).
   */
  record Image(OsImageFiles files, TdxOsImageMeasurement measurement, byte[] checksumFile, byte[] cbor) {
    TdxMeasurementDocument document() {
      return TdxMeasurementDocument.of(checksumFile, cbor);
    }
  }

  static Image build(boolean headerNormalized) {
    byte[] fw = firmware(1);
    byte[] kernel = kernel(2);
    byte[] initrd = initrd(3);
    byte[] metadata = metadata(headerNormalized);
    OsImageFiles draft = OsImageFiles.of(metadata, new byte[0], fw, kernel, initrd);
    TdxOsImageMeasurement m = TdxMeasurementCalculator.measurementOf(draft);
    byte[] cbor = m.toCbor();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("ovmf.fd", fw);
    files.put("bzImage", kernel);
    files.put("initramfs.cpio.gz", initrd);
    files.put("metadata.json", metadata);
    files.put("measurement.tdx.cbor", cbor);
    StringBuilder sums = new StringBuilder();
    files.forEach((name, bytes) -> sums.append(Hex.encode(Digests.sha256(bytes))).append("  ").append(name).append('\n'));
    byte[] checksum = sums.toString().getBytes(StandardCharsets.UTF_8);
    return new Image(OsImageFiles.of(metadata, checksum, fw, kernel, initrd), m, checksum, cbor);
  }
}

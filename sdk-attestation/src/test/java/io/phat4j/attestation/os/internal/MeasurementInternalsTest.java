package io.phat4j.attestation.os.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile firmware, kernels, witnesses, checksum files and QEMU versions fail with a reason. */
class MeasurementInternalsTest {
  /** dstack's real witness (dstack-verifier fixtures): 4 ranges from page 0x800. */
  private static final byte[] WITNESS = Hex.decode("w", "80100904000609020b021010");

  @Test
  void witnessDecodingIsStrict() throws Exception {
    assertThat(TdHob.hashFromWitness(WITNESS, 2L << 30)).hasSize(48);
    byte[] trailing = Arrays.copyOf(WITNESS, WITNESS.length + 1);
    assertThatThrownBy(() -> TdHob.hashFromWitness(trailing, 2L << 30)).hasMessageContaining("trailing");
    assertThatThrownBy(() -> TdHob.hashFromWitness(Arrays.copyOf(WITNESS, 5), 2L << 30)).hasMessageContaining("truncated");
    // base page 1, TD HOB delta 0, 300 ranges
    assertThatThrownBy(() -> TdHob.hashFromWitness(Hex.decode("w", "0100ac02"), 2L << 30)).hasMessageContaining("ranges");
    // a varint running past 64 bits
    assertThatThrownBy(() -> TdHob.hashFromWitness(Hex.decode("w", "ffffffffffffffffffff01"), 2L << 30))
        .hasMessageContaining("too large");
    // base page 2^62 overflows when turned into an address
    assertThatThrownBy(() -> TdHob.hashFromWitness(Hex.decode("w", "8080808080808080400000"), 2L << 30))
        .hasMessageContaining("overflows");
    assertThatThrownBy(() -> TdHob.hashFromWitness(new byte[TdHob.MAX_WITNESS_BYTES + 1], 2L << 30))
        .hasMessageContaining("bytes");
  }

  @Test
  void theTdHobDependsOnRamOnlyThroughTheRanges() throws Exception {
    byte[] at2g = TdHob.hashFromWitness(WITNESS, 2L << 30);
    byte[] at4g = TdHob.hashFromWitness(WITNESS, 4L << 30);
    assertThat(at2g).isNotEqualTo(at4g);
    assertThat(Hex.encode(at2g))
        .isEqualTo("0b8772e5b0b41b83e6044a68397e02f49fb47066b4fbe4917ea2c45c64f323fdacbb37948f821ebaf8bc9c938ba8a749");
  }

  @Test
  void corruptFirmwareIsRefused() throws Exception {
    assertThatThrownBy(() -> Tdvf.parse(new byte[10])).hasMessageContaining("too small");
    assertThatThrownBy(() -> Tdvf.parse(new byte[0x1000])).hasMessageContaining("footer");
    byte[] fw = firmware(2, 0x2000, 0x1000);
    assertThat(Tdvf.parse(fw).sections()).hasSize(2);

    byte[] tooMany = fw.clone();
    ByteBuffer.wrap(tooMany).order(ByteOrder.LITTLE_ENDIAN).putInt(0x1000 + 12, 1000);
    assertThatThrownBy(() -> Tdvf.parse(tooMany)).hasMessageContaining("sections");

    byte[] pastEnd = fw.clone();
    ByteBuffer.wrap(pastEnd).order(ByteOrder.LITTLE_ENDIAN).putInt(0x1000 + 16, 0x7000); // BFV data offset
    assertThatThrownBy(() -> Tdvf.parse(pastEnd)).hasMessageContaining("past the end");

    byte[] hugeMemory = fw.clone();
    ByteBuffer.wrap(hugeMemory).order(ByteOrder.LITTLE_ENDIAN).putLong(0x1000 + 16 + 32 + 16, 1L << 40); // TEMP_MEM 1 TiB
    assertThatThrownBy(() -> Tdvf.parse(hugeMemory)).hasMessageContaining("1 GiB");

    byte[] unaligned = fw.clone();
    ByteBuffer.wrap(unaligned).order(ByteOrder.LITTLE_ENDIAN).putLong(0x1000 + 16 + 8, 0xFFFF_E001L);
    assertThatThrownBy(() -> Tdvf.parse(unaligned)).hasMessageContaining("aligned");

    byte[] badSignature = fw.clone();
    badSignature[0x1000] = 'X';
    assertThatThrownBy(() -> Tdvf.parse(badSignature)).hasMessageContaining("signature");

    byte[] badOffset = fw.clone();
    ByteBuffer.wrap(badOffset).order(ByteOrder.LITTLE_ENDIAN).putInt(fw.length - 32 - 16 - 2 - 16 - 2 - 4, 0x7FFF_FFFF);
    assertThatThrownBy(() -> Tdvf.parse(badOffset)).hasMessageContaining("exceeds");
  }

  @Test
  void twoPassAndSinglePassMrtdDiffer() throws Exception {
    Tdvf tdvf = Tdvf.parse(firmware(2, 0, 0x2000));
    assertThat(tdvf.mrtd(true)).isNotEqualTo(tdvf.mrtd(false));
  }

  /** A TDVF of 0x3000 bytes: descriptor at 0x1000, a measured BFV and one TEMP_MEM section. */
  private static byte[] firmware(int sections, int bfvOffset, int bfvSize) {
    byte[] fw = new byte[0x3000];
    ByteBuffer b = ByteBuffer.wrap(fw).order(ByteOrder.LITTLE_ENDIAN);
    b.position(0x1000);
    b.put("TDVF".getBytes(StandardCharsets.US_ASCII)).putInt(16 + 32 * sections).putInt(1).putInt(sections);
    b.putInt(bfvOffset).putInt(bfvSize).putLong(0xFFFF_E000L).putLong(bfvSize).putInt(0).putInt(1);
    b.putInt(0).putInt(0).putLong(0x800000).putLong(0x1000).putInt(3).putInt(0);
    int footer = fw.length - 32 - 16;
    b.position(footer - 2 - 16 - 2 - 4);
    b.putInt(fw.length - 0x1000).putShort((short) 22).put(BootLogs.guidBytes("e47a6535-984a-4798-865e-4685a7bf8ec2"));
    b.putShort((short) 40).put(BootLogs.guidBytes("96b582de-1fb2-45f7-baea-a366c55a082d"));
    return fw;
  }

  @Test
  void malformedKernelsAreRefused() {
    assertThatThrownBy(() -> KernelImage.authenticodeSha384(new byte[16])).hasMessageContaining("missing");
    byte[] noPe = new byte[0x1000];
    ByteBuffer.wrap(noPe).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3c, 0x40);
    assertThatThrownBy(() -> KernelImage.authenticodeSha384(noPe)).hasMessageContaining("PE signature");
    byte[] farHeader = noPe.clone();
    ByteBuffer.wrap(farHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3c, 0x7fff_ffff);
    assertThatThrownBy(() -> KernelImage.authenticodeSha384(farHeader)).hasMessageContaining("past the end");
    byte[] bigHeaders = noPe.clone();
    ByteBuffer bb = ByteBuffer.wrap(bigHeaders).order(ByteOrder.LITTLE_ENDIAN);
    bb.putInt(0x40, 0x4550);
    bb.putInt(0x58 + 60, 0x10_0000); // size of headers beyond the file
    assertThatThrownBy(() -> KernelImage.authenticodeSha384(bigHeaders)).hasMessageContaining("out of range");
    assertThatThrownBy(() -> KernelImage.patch(new byte[100], 0, 2L << 30)).hasMessageContaining("too short");
    byte[] old = new byte[0x1000];
    ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).putShort(0x206, (short) 0x0100);
    assertThatThrownBy(() -> KernelImage.patch(old, 10, 2L << 30)).hasMessageContaining("too old");
    byte[] modern = new byte[0x1000];
    ByteBuffer.wrap(modern).order(ByteOrder.LITTLE_ENDIAN).putShort(0x206, (short) 0x020c);
    assertThatThrownBy(() -> KernelImage.patch(modern, 0x4000_0000L, 2L << 30)).hasMessageContaining("too large");
  }

  @Test
  void patchedHeaderIsStableAt2GibAndAboveTheThreshold() throws Exception {
    byte[] k = new byte[0x1000];
    ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).putShort(0x206, (short) 0x020c).putShort(0x236, (short) 0x40);
    int at2g = initrdAddress(KernelImage.patch(k, 0x100000, 0x8000_0000L));
    assertThat(initrdAddress(KernelImage.patch(k, 0x100000, KernelImage.STABLE_MIN_MEMORY))).isEqualTo(at2g);
    assertThat(initrdAddress(KernelImage.patch(k, 0x100000, 16L << 30))).isEqualTo(at2g);
    assertThat(initrdAddress(KernelImage.patch(k, 0x100000, 0x8000_0000L - 0x1000))).isNotEqualTo(at2g);
    assertThat(initrdAddress(KernelImage.patch(k, 0x100000, KernelImage.STABLE_MIN_MEMORY - 0x1000))).isNotEqualTo(at2g);
    assertThat(KernelImage.usesPrecomputedHighMemDigest(0x8000_0000L)).isTrue();
    assertThat(KernelImage.usesPrecomputedHighMemDigest(0x9000_0000L)).isFalse();
  }

  private static int initrdAddress(byte[] k) {
    return ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).getInt(0x218);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "|9|1|0|false|false",
      "8.2.2|8|2|2|true|true",
      "8.0.0|8|0|0|true|true",
      "9.0.0|9|0|0|false|false",
      "10.2.1|10|2|1|false|false"})
  void qemuDefaultsFollowTheVersion(String version, long major, long minor, long patch, boolean pic, boolean twoPass)
      throws Exception {
    QemuOptions o = QemuOptions.resolve(version, null, null);
    assertThat(o).isEqualTo(new QemuOptions(major, minor, patch, pic, twoPass));
    assertThat(QemuOptions.resolve(version, !pic, !twoPass).twoPassAddPages()).isEqualTo(!twoPass);
  }

  @ParameterizedTest
  @CsvSource({"7.2.0", "8.2", "8.2.2.1", "8.x.2", "'8..2'", "99999999999.0.0", "-8.2.2"})
  void badQemuVersionsAreRefused(String version) {
    assertThatThrownBy(() -> QemuOptions.resolve(version, null, null)).isInstanceOf(QemuOptions.UnsupportedQemuException.class);
  }

  @Test
  void checksumFileLookupFollowsDstack() throws Exception {
    String sum = "aa".repeat(32);
    byte[] file = ("\n" + sum + "  a.bin\r\n" + "bb".repeat(32) + " *b.bin\n\n").getBytes(StandardCharsets.UTF_8);
    assertThat(Hex.encode(ChecksumFile.entry(file, "a.bin"))).isEqualTo(sum);
    assertThatThrownBy(() -> ChecksumFile.entry(file, "c.bin"))
        .isInstanceOfSatisfying(ChecksumFile.LookupException.class, e -> assertThat(e.problem()).isEqualTo(ChecksumFile.Problem.MISSING));
    byte[] twice = (sum + "  a.bin\n" + sum + "  a.bin\n").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ChecksumFile.entry(twice, "a.bin")).hasMessageContaining("twice");
    byte[] noName = (sum + "\n").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ChecksumFile.entry(noName, "a.bin")).hasMessageContaining("missing a file name");
    byte[] shortDigest = ("abcd  a.bin\n").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ChecksumFile.entry(shortDigest, "a.bin")).hasMessageContaining("32-byte");
    assertThatThrownBy(() -> ChecksumFile.entry(new byte[] {(byte) 0xff, 'a'}, "a.bin")).hasMessageContaining("UTF-8");
  }

  @Test
  void fixedBootDigestsAreTheGenuineOnes() {
    // The genuine CVM's RTMR0 events 2..7 and 11..12 (dstack-verifier fixture tdx-lite-getquote.json).
    var log = BootLogs.rtmr0(new byte[48], new byte[48], new byte[48], new byte[48]);
    assertThat(Hex.encode(log.get(2))).startsWith("9dc3a1f80bcec915");
    assertThat(Hex.encode(log.get(6))).startsWith("18cc6e01f0c6ea99");
    assertThat(Hex.encode(log.get(7))).startsWith("394341b7182cd227");
    assertThat(Hex.encode(log.get(11))).startsWith("1dd6f7b457ad880d");
    assertThat(Hex.encode(BootLogs.rtmr1(new byte[48]).get(1))).startsWith("77a0dab2312b4e1e");
  }
}

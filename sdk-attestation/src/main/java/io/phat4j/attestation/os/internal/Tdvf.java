package io.phat4j.attestation.os.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The TDX metadata of a TDVF (OVMF) firmware image and the measurements derived from it: MRTD
 * (the TDX module's MEM.PAGE.ADD / MR.EXTEND log over the firmware sections), the TD HOB and the
 * compact TD HOB witness dstack's measurement document carries.
 *
 * <p>Parsing follows the OVMF GUIDed table at the end of the image to the TDVF descriptor; every
 * offset is bounds-checked.
 */
public final class Tdvf {
  private static final long PAGE = 0x1000;
  private static final int MR_EXTEND_GRANULARITY = 0x100;
  private static final int ATTRIBUTE_MR_EXTEND = 0x1;
  private static final int ATTRIBUTE_PAGE_AUG = 0x2;
  private static final int SECTION_TD_HOB = 0x02;
  private static final int SECTION_TEMP_MEM = 0x03;
  /** More sections than any TDVF declares; bounds work on hostile input. */
  private static final int MAX_SECTIONS = 64;
  /** Real TDVF sections cover a few MiB; the page log is linear in this, so bound it. */
  private static final long MAX_TOTAL_SECTION_MEMORY = 1L << 30;
  private static final byte[] METADATA_OFFSET_GUID = BootLogs.guidBytes("e47a6535-984a-4798-865e-4685a7bf8ec2");
  private static final byte[] TABLE_FOOTER_GUID = BootLogs.guidBytes("96b582de-1fb2-45f7-baea-a366c55a082d");

  /** Thrown for a firmware image whose TDX metadata is missing or malformed. */
  public static final class TdvfException extends Exception {
    private static final long serialVersionUID = 1L;

    public TdvfException(String message) {
      super(message);
    }
  }

  /** One TDVF section descriptor. */
  public record Section(long dataOffset, long rawDataSize, long memoryAddress, long memoryDataSize, long type, long attributes) {}

  private final byte[] fw;
  private final List<Section> sections;

  private Tdvf(byte[] fw, List<Section> sections) {
    this.fw = fw;
    this.sections = sections;
  }

  /** The parsed sections, in metadata order. */
  public List<Section> sections() {
    return sections;
  }

  /**
   * Parses the TDX metadata of a firmware image (the array is kept, not copied).
   *
   * @param fw the firmware bytes
   * @return the parsed metadata
   * @throws TdvfException if the image has no valid TDX metadata
   */
  public static Tdvf parse(byte[] fw) throws TdvfException {
    final int bytesAfterFooter = 32;
    if (fw.length < bytesAfterFooter + 18) {
      throw new TdvfException("firmware is too small to hold a TDVF table footer");
    }
    int offset = fw.length - bytesAfterFooter;
    if (!Arrays.equals(fw, offset - 16, offset, TABLE_FOOTER_GUID, 0, 16)) {
      throw new TdvfException("firmware has no OVMF table footer GUID");
    }
    int tablesLen = u16(fw, offset - 18);
    if (tablesLen == 0 || tablesLen > offset - 18) {
      throw new TdvfException("invalid OVMF table length");
    }
    int tableStart = offset - 18 - tablesLen;
    byte[] tables = Arrays.copyOfRange(fw, tableStart, offset - 18);
    int pos = tables.length;
    byte[] data = null;
    while (pos >= 18) {
      int entryLen = u16(tables, pos - 18);
      if (entryLen > pos - 18) {
        throw new TdvfException("invalid OVMF table entry length");
      }
      if (Arrays.equals(tables, pos - 16, pos, METADATA_OFFSET_GUID, 0, 16)) {
        data = Arrays.copyOfRange(tables, pos - 18 - entryLen, pos - 18);
        break;
      }
      if (entryLen == 0) {
        // A zero-length entry would never advance; upstream loops past it the same way (no progress = end).
        break;
      }
      pos -= entryLen;
    }
    if (data == null) {
      throw new TdvfException("firmware has no TDX metadata offset entry");
    }
    if (data.length < 4) {
      throw new TdvfException("TDX metadata offset entry is too small");
    }
    long metaOffsetFromEnd = u32(data, data.length - 4);
    if (metaOffsetFromEnd > fw.length) {
      throw new TdvfException("TDX metadata offset exceeds the firmware size");
    }
    int meta = (int) (fw.length - metaOffsetFromEnd);
    if ((long) meta + 16 > fw.length) {
      throw new TdvfException("TDVF descriptor is truncated");
    }
    if (!(fw[meta] == 'T' && fw[meta + 1] == 'D' && fw[meta + 2] == 'V' && fw[meta + 3] == 'F')) {
      throw new TdvfException("invalid TDVF descriptor signature");
    }
    if (u32(fw, meta + 8) != 1) {
      throw new TdvfException("unsupported TDVF descriptor version");
    }
    long numSections = u32(fw, meta + 12);
    if (numSections > MAX_SECTIONS) {
      throw new TdvfException("TDVF declares " + numSections + " sections, over " + MAX_SECTIONS);
    }
    List<Section> sections = new ArrayList<>();
    long totalMemory = 0;
    for (int i = 0; i < numSections; i++) {
      long so = meta + 16L + 32L * i;
      if (so + 32 > fw.length) {
        throw new TdvfException("TDVF section " + i + " is truncated");
      }
      int s = (int) so;
      Section sec = new Section(u32(fw, s), u32(fw, s + 4), u64(fw, s + 8), u64(fw, s + 16), u32(fw, s + 24), u32(fw, s + 28));
      if (Long.remainderUnsigned(sec.memoryAddress(), PAGE) != 0) {
        throw new TdvfException("TDVF section " + i + " memory address is not page aligned");
      }
      if (Long.compareUnsigned(sec.memoryDataSize(), sec.rawDataSize()) < 0) {
        throw new TdvfException("TDVF section " + i + " memory size is less than its raw size");
      }
      if (Long.remainderUnsigned(sec.memoryDataSize(), PAGE) != 0) {
        throw new TdvfException("TDVF section " + i + " memory size is not page aligned");
      }
      if (sec.memoryAddress() < 0 || sec.memoryDataSize() < 0
          || sec.memoryAddress() + sec.memoryDataSize() < 0) {
        throw new TdvfException("TDVF section " + i + " memory range overflows");
      }
      if ((sec.attributes() & ATTRIBUTE_MR_EXTEND) != 0 && sec.dataOffset() + sec.memoryDataSize() > fw.length) {
        throw new TdvfException("TDVF section " + i + " extends past the end of the firmware");
      }
      totalMemory += sec.memoryDataSize();
      if (totalMemory > MAX_TOTAL_SECTION_MEMORY) {
        throw new TdvfException("TDVF sections cover more than 1 GiB of guest memory");
      }
      sections.add(sec);
    }
    return new Tdvf(fw, List.copyOf(sections));
  }

  /**
   * Computes MRTD.
   *
   * @param twoPass whether QEMU adds all pages before extending (QEMU 8.x) or page by page
   * @return the 48-byte MRTD
   */
  public byte[] mrtd(boolean twoPass) {
    MessageDigest h = Digests.newSha384();
    for (Section s : sections) {
      long pages = s.memoryDataSize() / PAGE;
      if (twoPass) {
        for (long p = 0; p < pages; p++) {
          pageAdd(h, s, p);
        }
        for (long p = 0; p < pages; p++) {
          extend(h, s, p);
        }
      } else {
        for (long p = 0; p < pages; p++) {
          pageAdd(h, s, p);
          extend(h, s, p);
        }
      }
    }
    return h.digest();
  }

  private static void pageAdd(MessageDigest h, Section s, long page) {
    if ((s.attributes() & ATTRIBUTE_PAGE_AUG) == 0) {
      byte[] buf = new byte[128];
      System.arraycopy("MEM.PAGE.ADD".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, buf, 0, 12);
      ByteBuffer.wrap(buf, 16, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(s.memoryAddress() + page * PAGE);
      h.update(buf);
    }
  }

  private void extend(MessageDigest h, Section s, long page) {
    if ((s.attributes() & ATTRIBUTE_MR_EXTEND) == 0) {
      return;
    }
    for (int i = 0; i < PAGE / MR_EXTEND_GRANULARITY; i++) {
      byte[] buf = new byte[128];
      System.arraycopy("MR.EXTEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, buf, 0, 9);
      long gpa = s.memoryAddress() + page * PAGE + (long) i * MR_EXTEND_GRANULARITY;
      ByteBuffer.wrap(buf, 16, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(gpa);
      h.update(buf);
      int chunk = (int) (s.dataOffset() + page * PAGE + (long) i * MR_EXTEND_GRANULARITY);
      h.update(fw, chunk, MR_EXTEND_GRANULARITY);
    }
  }

  /** The sections TDVF accepts at boot (TD_HOB and TEMP_MEM), as TD HOB ranges. */
  public List<TdHob.Range> acceptedRanges() {
    List<TdHob.Range> out = new ArrayList<>();
    for (Section s : sections) {
      if (s.type() == SECTION_TD_HOB || s.type() == SECTION_TEMP_MEM) {
        out.add(new TdHob.Range(s.memoryAddress(), s.memoryDataSize()));
      }
    }
    return out;
  }

  /** The TD HOB address: the TD_HOB section's (the last one wins), else OVMF's default 0x809000. */
  public long tdHobBase() {
    long base = 0x809000L;
    for (Section s : sections) {
      if (s.type() == SECTION_TD_HOB) {
        base = s.memoryAddress();
      }
    }
    return base;
  }

  /**
   * Hashes the TD HOB for a guest RAM size.
   *
   * @param memorySize guest RAM in bytes
   * @return SHA-384 of the TD HOB
   * @throws TdHob.TdHobException if the ranges overflow
   */
  public byte[] tdHobHash(long memorySize) throws TdHob.TdHobException {
    return TdHob.hash(tdHobBase(), acceptedRanges(), memorySize);
  }

  /**
   * Builds the compact TdHobWitnessV1 for this firmware (see {@link TdHob#hashFromWitness}).
   *
   * @return the witness bytes
   * @throws TdvfException if the firmware has no or several TD_HOB sections or overlapping ranges
   */
  public byte[] tdHobWitness() throws TdvfException {
    List<long[]> ranges = new ArrayList<>();
    Long tdHobPage = null;
    for (Section s : sections) {
      if (s.type() == SECTION_TD_HOB || s.type() == SECTION_TEMP_MEM) {
        long pages = s.memoryDataSize() / PAGE;
        if (pages == 0) {
          throw new TdvfException("TD HOB witness range must not be empty");
        }
        ranges.add(new long[] {s.memoryAddress() / PAGE, pages});
      }
      if (s.type() == SECTION_TD_HOB) {
        if (tdHobPage != null) {
          throw new TdvfException("TDVF metadata contains more than one TD_HOB section");
        }
        tdHobPage = s.memoryAddress() / PAGE;
      }
    }
    if (ranges.isEmpty()) {
      throw new TdvfException("TDVF metadata has no TD_HOB/TEMP_MEM sections");
    }
    if (tdHobPage == null) {
      throw new TdvfException("TDVF metadata is missing the TD_HOB section");
    }
    ranges.sort(Comparator.comparingLong(r -> r[0]));
    Long prevEnd = null;
    for (long[] r : ranges) {
      if (prevEnd != null && r[0] < prevEnd) {
        throw new TdvfException("TD HOB witness ranges must not overlap");
      }
      prevEnd = r[0] + r[1];
    }
    long base = ranges.get(0)[0];
    if (tdHobPage < base) {
      throw new TdvfException("TD_HOB page is below the witness base page");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    putVarUint(out, base);
    putVarUint(out, tdHobPage - base);
    putVarUint(out, ranges.size());
    for (long[] r : ranges) {
      putVarUint(out, r[0] - base);
      putVarUint(out, r[1]);
    }
    return out.toByteArray();
  }

  private static void putVarUint(ByteArrayOutputStream out, long value) {
    long v = value;
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      if (v != 0) {
        b |= 0x80;
      }
      out.write(b);
    } while (v != 0);
  }

  private static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int off) {
    return ByteBuffer.wrap(b, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
  }

  private static long u64(byte[] b, int off) {
    return ByteBuffer.wrap(b, off, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}

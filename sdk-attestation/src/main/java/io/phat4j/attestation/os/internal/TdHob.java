package io.phat4j.attestation.os.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rebuilds the TD HOB that OVMF measures first into RTMR0: a handoff-info header followed by one
 * resource descriptor per memory range (accepted ranges from the TDVF metadata, the rest of guest
 * RAM unaccepted), laid out as dstack-mr lays it out.
 */
public final class TdHob {
  private static final long PAGE = 0x1000;
  /** q35 keeps RAM below 4G until this size, then caps low RAM at 2 GiB and moves the rest above 4G. */
  private static final long Q35_HIGH_MEMORY_SPLIT = 0xB000_0000L;
  private static final long TWO_GIB = 0x8000_0000L;
  private static final long FOUR_GIB = 0x1_0000_0000L;
  /** More ranges than any TDVF has; bounds the quadratic range splitting on hostile input. */
  public static final int MAX_RANGES = 256;
  /** Upper bound on the compact witness, far above the ~12 bytes dstack images carry. */
  public static final int MAX_WITNESS_BYTES = 4096;

  /** Thrown for a witness or section list that does not describe a usable TD HOB. */
  public static final class TdHobException extends Exception {
    private static final long serialVersionUID = 1L;

    TdHobException(String message) {
      super(message);
    }
  }

  /** An accepted memory range, in bytes. */
  public record Range(long start, long length) {}

  private TdHob() {}

  /**
   * Hashes the TD HOB described by a compact TdHobWitnessV1 (LEB128 varints, in 4 KiB pages:
   * base page, TD HOB page delta, range count, then per range its start delta and page count).
   *
   * @param witness the witness bytes from the measurement document
   * @param memorySize the guest RAM size in bytes
   * @return SHA-384 of the TD HOB
   * @throws TdHobException if the witness is malformed
   */
  public static byte[] hashFromWitness(byte[] witness, long memorySize) throws TdHobException {
    if (witness.length > MAX_WITNESS_BYTES) {
      throw new TdHobException("TD HOB witness is " + witness.length + " bytes, over " + MAX_WITNESS_BYTES);
    }
    int[] pos = {0};
    long basePage = readVarUint(witness, pos);
    long tdHobDelta = readVarUint(witness, pos);
    long rangeCount = readVarUint(witness, pos);
    if (rangeCount > MAX_RANGES) {
      throw new TdHobException("TD HOB witness has " + Long.toUnsignedString(rangeCount) + " ranges, over " + MAX_RANGES);
    }
    long tdHobBase = pageAddress(basePage, tdHobDelta, "TD HOB base address");
    List<Range> ranges = new ArrayList<>();
    for (long i = 0; i < rangeCount; i++) {
      long startDelta = readVarUint(witness, pos);
      long pages = readVarUint(witness, pos);
      long start = pageAddress(basePage, startDelta, "TD HOB range start");
      long length = multiply(pages, PAGE, "TD HOB range length");
      ranges.add(new Range(start, length));
    }
    if (pos[0] != witness.length) {
      throw new TdHobException("TD HOB witness has trailing bytes");
    }
    return hash(tdHobBase, ranges, memorySize);
  }

  /**
   * Hashes the TD HOB for accepted ranges and a TD HOB base address.
   *
   * @param tdHobBase guest-physical address of the TD HOB
   * @param accepted the ranges TDVF accepts (TD_HOB and TEMP_MEM sections)
   * @param memorySize the guest RAM size in bytes
   * @return SHA-384 of the TD HOB
   * @throws TdHobException if a range overflows
   */
  public static byte[] hash(long tdHobBase, List<Range> accepted, long memorySize) throws TdHobException {
    if (memorySize < 0) {
      throw new TdHobException("memory size out of range");
    }
    MemoryAcceptor acceptor = new MemoryAcceptor(memorySize);
    for (Range r : accepted) {
      long end;
      try {
        end = Math.addExact(r.start(), r.length());
      } catch (ArithmeticException e) {
        throw new TdHobException("TD HOB range end overflows");
      }
      if (r.start() < 0 || r.length() < 0) {
        throw new TdHobException("TD HOB range out of range");
      }
      acceptor.accept(r.start(), end);
    }
    ByteArrayOutputStream hob = new ByteArrayOutputStream();
    ByteBuffer header = le(56);
    header.put((byte) 0x01).put((byte) 0x00); // handoff info table
    header.putShort((short) 56);
    header.putInt(0); // reserved
    header.putInt(9); // version
    header.putInt(0); // boot mode
    header.putLong(0).putLong(0).putLong(0).putLong(0); // memory top/bottom, free top/bottom
    header.putLong(0); // end of HOB list, patched below
    hob.writeBytes(header.array());

    List<long[]> ranges = acceptor.ranges;
    long[] last = ranges.removeLast();
    for (long[] r : ranges) {
      if (r[2] < r[1]) {
        throw new TdHobException("invalid memory range: end < start");
      }
      resource(hob, r[0] == 1 ? 0x00 : 0x07, r[1], r[2] - r[1]);
    }
    long lastStart = last[1];
    long lastEnd = last[2];
    if (lastEnd < lastStart) {
      throw new TdHobException("invalid last memory range: end < start");
    }
    if (memorySize >= Q35_HIGH_MEMORY_SPLIT) {
      if (lastStart < TWO_GIB) {
        resource(hob, 0x07, lastStart, TWO_GIB - lastStart);
      }
      if (lastEnd > TWO_GIB) {
        resource(hob, 0x07, FOUR_GIB, lastEnd - TWO_GIB);
      }
    } else {
      resource(hob, 0x07, lastStart, lastEnd - lastStart);
    }
    byte[] bytes = hob.toByteArray();
    long endOfHobList = tdHobBase + bytes.length + 8;
    ByteBuffer.wrap(bytes, 48, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(endOfHobList);
    return Digests.sha384(bytes);
  }

  private static void resource(ByteArrayOutputStream out, int type, long start, long length) {
    ByteBuffer b = le(48);
    b.put((byte) 0x03).put((byte) 0x00); // resource descriptor
    b.putShort((short) 48);
    b.putInt(0); // reserved
    b.put(new byte[16]); // owner GUID
    b.put((byte) type);
    b.put(new byte[3]);
    b.putInt(7); // resource attribute
    b.putLong(start);
    b.putLong(length);
    out.writeBytes(b.array());
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static long readVarUint(byte[] in, int[] pos) throws TdHobException {
    long value = 0;
    int shift = 0;
    while (true) {
      if (pos[0] >= in.length) {
        throw new TdHobException("truncated TD HOB witness varuint");
      }
      int b = in[pos[0]++] & 0xff;
      value |= ((long) (b & 0x7f)) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
      shift += 7;
      if (shift >= 64) {
        throw new TdHobException("TD HOB witness varuint is too large");
      }
    }
  }

  private static long pageAddress(long basePage, long delta, String what) throws TdHobException {
    long page;
    try {
      page = Math.addExact(basePage, delta);
    } catch (ArithmeticException e) {
      throw new TdHobException(what + " overflows");
    }
    if (page < 0) {
      throw new TdHobException(what + " overflows");
    }
    return multiply(page, PAGE, what);
  }

  private static long multiply(long a, long b, String what) throws TdHobException {
    if (a < 0) {
      throw new TdHobException(what + " overflows");
    }
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new TdHobException(what + " overflows");
    }
  }

  /** Splits [0, memory) into accepted and unaccepted ranges, kept sorted by start. */
  private static final class MemoryAcceptor {
    /** Each element: {accepted ? 1 : 0, start, end}. */
    List<long[]> ranges = new ArrayList<>();

    MemoryAcceptor(long size) {
      ranges.add(new long[] {0, 0, size});
    }

    void accept(long start, long end) {
      if (start >= end) {
        return;
      }
      List<long[]> next = new ArrayList<>();
      for (long[] r : ranges) {
        boolean accepted = r[0] == 1;
        if (accepted || r[2] <= start || r[1] >= end) {
          next.add(r);
        } else {
          if (r[1] < start) {
            next.add(new long[] {0, r[1], start});
          }
          if (r[2] > end) {
            next.add(new long[] {0, end, r[2]});
          }
        }
      }
      next.add(new long[] {1, start, end});
      next.sort(Comparator.comparingLong(r -> r[1]));
      ranges = next;
    }
  }
}

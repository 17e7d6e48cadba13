package io.phat4j.attestation.os.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The RTMR1 kernel digest: the PE/COFF Authenticode SHA-384 of the bzImage OVMF loads, either as
 * shipped (images whose OVMF normalizes the Linux setup header) or after the setup-header fields
 * QEMU writes as boot loader (older images), computed as dstack-mr does.
 */
public final class KernelImage {
  /** QEMU places the initrd at a RAM-dependent address below this guest RAM size. */
  public static final long STABLE_MIN_MEMORY = 0xB000_0000L;
  /** At exactly 2 GiB QEMU resolves to the same placement as at or above {@link #STABLE_MIN_MEMORY}. */
  public static final long COMPAT_2G_MEMORY = 0x8000_0000L;
  /** The fixed ACPI data size QEMU reserves below 4G (not the size of the tables). */
  public static final int ACPI_DATA_SIZE = 0x28000;
  private static final int IMAGE_NT_SIGNATURE = 0x0000_4550;
  private static final int IMAGE_DIRECTORY_ENTRY_SECURITY = 4;

  /** Thrown for a kernel image that cannot be measured. */
  public static final class KernelException extends Exception {
    private static final long serialVersionUID = 1L;

    KernelException(String message) {
      super(message);
    }
  }

  private KernelImage() {}

  /** Whether a precomputed (high-memory) patched kernel digest applies at this RAM size. */
  public static boolean usesPrecomputedHighMemDigest(long memorySize) {
    return memorySize == COMPAT_2G_MEMORY || memorySize >= STABLE_MIN_MEMORY;
  }

  /**
   * The kernel digest OVMF extends into RTMR1.
   *
   * @param kernel the bzImage bytes
   * @param initrdSize the initrd length (QEMU writes it into the header)
   * @param memorySize the guest RAM size
   * @param headerNormalized true when the image's OVMF normalizes the setup header
   * @return the Authenticode SHA-384
   * @throws KernelException if the image is not a usable PE/bzImage
   */
  public static byte[] rtmr1Digest(byte[] kernel, long initrdSize, long memorySize, boolean headerNormalized)
      throws KernelException {
    return headerNormalized ? authenticodeSha384(kernel) : authenticodeSha384(patch(kernel, initrdSize, memorySize));
  }

  /**
   * Applies the setup-header fields QEMU writes as boot loader.
   *
   * @param kernel the bzImage (not modified)
   * @param initrdSize the initrd length
   * @param memorySize the guest RAM size
   * @return a patched copy
   * @throws KernelException if the kernel is too short or the initrd does not fit
   */
  public static byte[] patch(byte[] kernel, long initrdSize, long memorySize) throws KernelException {
    if (kernel.length < 0x1000) {
      throw new KernelException("the kernel image is too short");
    }
    if (initrdSize < 0 || initrdSize > 0xFFFF_FFFFL) {
      throw new KernelException("initrd size out of range");
    }
    byte[] kd = kernel.clone();
    ByteBuffer b = ByteBuffer.wrap(kd).order(ByteOrder.LITTLE_ENDIAN);
    int protocol = b.getShort(0x206) & 0xffff;
    long realAddr;
    long cmdlineAddr;
    if (protocol < 0x200 || (kd[0x211] & 0x01) == 0) {
      realAddr = 0x90000L;
      cmdlineAddr = 0x9a000L;
    } else {
      realAddr = 0x10000L;
      cmdlineAddr = 0x20000L;
    }
    if (protocol >= 0x200) {
      kd[0x210] = (byte) 0xb0; // type_of_loader: QEMU
    }
    if (protocol >= 0x201) {
      kd[0x211] |= (byte) 0x80; // loadflags |= CAN_USE_HEAP
      long heapEnd = Math.max(0, Math.max(0, cmdlineAddr - realAddr) - 0x200);
      b.putInt(0x224, (int) heapEnd);
    }
    if (protocol >= 0x202) {
      b.putInt(0x228, (int) cmdlineAddr);
    } else {
      b.putShort(0x20, (short) 0xa33f);
      b.putShort(0x22, (short) Math.max(0, cmdlineAddr - realAddr));
    }
    if (initrdSize > 0) {
      if (protocol < 0x200) {
        throw new KernelException("the kernel image is too old for an initrd");
      }
      long initrdMax;
      if (protocol >= 0x20c) {
        int xlf = b.getShort(0x236) & 0xffff;
        initrdMax = (xlf & 0x40) != 0 ? 0xFFFF_FFFFL : 0x37ff_ffffL;
      } else if (protocol >= 0x203) {
        long max = b.getInt(0x22c) & 0xFFFF_FFFFL;
        initrdMax = max == 0 ? 0x37ff_ffffL : max;
      } else {
        initrdMax = 0x37ff_ffffL;
      }
      long lowmem = memorySize < STABLE_MIN_MEMORY ? STABLE_MIN_MEMORY : 0x8000_0000L;
      // dstack-mr truncates the RAM size to 32 bits here, as QEMU's below-4G size is 32-bit.
      long below4g = memorySize >= lowmem ? lowmem : (memorySize & 0xFFFF_FFFFL);
      if (below4g < ACPI_DATA_SIZE) {
        throw new KernelException("ACPI data size exceeds the memory below 4G");
      }
      long available = below4g - ACPI_DATA_SIZE;
      if (initrdMax >= available) {
        initrdMax = Math.max(0, available - 1);
      }
      if (initrdSize >= initrdMax) {
        throw new KernelException("initrd is too large");
      }
      long initrdAddr = Math.max(0, initrdMax - initrdSize) & ~4095L;
      b.putInt(0x218, (int) initrdAddr);
      b.putInt(0x21c, (int) initrdSize);
    }
    return kd;
  }

  /**
   * The PE/COFF Authenticode SHA-384 of an image (checksum and certificate directory skipped,
   * sections hashed in file order, trailing data before the certificate table, padded to 8).
   *
   * @param data the PE image
   * @return the digest
   * @throws KernelException if the PE headers are malformed
   */
  public static byte[] authenticodeSha384(byte[] data) throws KernelException {
    long lfanew = u32(data, 0x3c, "DOS header");
    if (lfanew > data.length) {
      throw new KernelException("PE header offset is past the end of the image");
    }
    int peSig = (int) lfanew;
    if (u32(data, peSig, "PE signature") != IMAGE_NT_SIGNATURE) {
      throw new KernelException("invalid PE signature");
    }
    int coff = peSig + 4;
    int optionalHeaderSize = u16(data, coff + 16, "COFF header size");
    int opt = coff + 20;
    boolean pe32Plus = u16(data, opt, "optional header magic") == 0x20b;
    int checksumOffset = opt + 64;
    int checksumEnd = checksumOffset + 4;
    int dataDir = opt + (pe32Plus ? 112 : 96);
    int certDir = dataDir + IMAGE_DIRECTORY_ENTRY_SECURITY * 8;
    int certDirEnd = certDir + 8;
    long sizeOfHeaders = u32(data, opt + 60, "size_of_headers");
    if (sizeOfHeaders > data.length || certDirEnd > sizeOfHeaders || checksumEnd > certDir) {
      throw new KernelException("PE header fields are out of range");
    }
    MessageDigest h = Digests.newSha384();
    h.update(data, 0, checksumOffset);
    h.update(data, checksumEnd, certDir - checksumEnd);
    h.update(data, certDirEnd, (int) sizeOfHeaders - certDirEnd);
    long hashed = sizeOfHeaders;
    int numSections = u16(data, coff + 2, "number of sections");
    long table = (long) opt + optionalHeaderSize;
    List<long[]> sections = new ArrayList<>();
    for (int i = 0; i < numSections; i++) {
      long sec = table + 40L * i;
      if (sec + 24 > data.length) {
        throw new KernelException("PE section table is truncated");
      }
      long ptr = u32(data, (int) sec + 20, "pointer_to_raw_data");
      long size = u32(data, (int) sec + 16, "size_of_raw_data");
      if (size > 0) {
        sections.add(new long[] {ptr, size});
      }
    }
    sections.sort(Comparator.comparingLong(s -> s[0]));
    for (long[] s : sections) {
      long start = s[0];
      long end = start + s[1];
      if (end <= data.length) {
        h.update(data, (int) start, (int) s[1]);
      } else if (start < data.length) {
        h.update(data, (int) start, (int) (data.length - start));
      }
      hashed += s[1];
    }
    long fileSize = data.length;
    long certAddr = u32(data, certDir, "certificate table address");
    long certSize = u32(data, certDir + 4, "certificate table size");
    if (certAddr > 0 && certSize > 0 && fileSize > hashed) {
      long trailing = fileSize - hashed;
      if (trailing > certSize) {
        long len = trailing - certSize;
        if (hashed + len <= data.length) {
          h.update(data, (int) hashed, (int) len);
        }
      }
    }
    int remainder = (int) (fileSize % 8);
    if (remainder != 0) {
      h.update(new byte[8 - remainder]);
    }
    return h.digest();
  }

  private static int u16(byte[] d, int off, String what) throws KernelException {
    if (off < 0 || off + 2 > d.length) {
      throw new KernelException("missing " + what);
    }
    return (d[off] & 0xff) | (d[off + 1] & 0xff) << 8;
  }

  private static long u32(byte[] d, int off, String what) throws KernelException {
    if (off < 0 || (long) off + 4 > d.length) {
      throw new KernelException("missing " + what);
    }
    return ByteBuffer.wrap(d, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
  }
}

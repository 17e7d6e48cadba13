package io.phat4j.attestation.os.internal;

import io.phat4j.core.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The RTMR0–2 event digests OVMF (pre-202505 layout) extends during a dstack TDX boot, as
 * dstack-mr lists them.
 */
public final class BootLogs {
  /** Suffix OVMF appends to the image command line before measuring it (it exposes the initrd). */
  public static final String OVMF_INITRD_SUFFIX = " initrd=initrd";

  /** Digest of the configuration firmware volume OVMF measures; fixed for the pre-202505 layout. */
  private static final byte[] CFV_IMAGE = Hex.decode("cfv",
      "344bc51c980ba621aaa00da3ed7436f7d6e549197dfe699515dfa2c6583d95e6412af21c097d473155875ffd561d6790");
  /** Digest of the Boot0000 variable (OVMF's UiApp entry) for the pre-202505 firmware. */
  private static final byte[] BOOT0000 = Hex.decode("boot0000",
      "23ada07f5261f12f34a0bd8e46760962d6b4d576a416f1fea1c64bc656b1d28eacf7047ae6e967c58fd2a98bfa74c298");
  private static final String EFI_GLOBAL = "8BE4DF61-93CA-11D2-AA0D-00E098032B8C";
  private static final String EFI_IMAGE_SECURITY = "D719B2CB-3D3A-4596-A3BC-DAD00E67656F";

  private static final List<byte[]> RTMR0_SECURE_BOOT = List.of(
      efiVariable(EFI_GLOBAL, "SecureBoot"),
      efiVariable(EFI_GLOBAL, "PK"),
      efiVariable(EFI_GLOBAL, "KEK"),
      efiVariable(EFI_IMAGE_SECURITY, "db"),
      efiVariable(EFI_IMAGE_SECURITY, "dbx"));
  private static final byte[] SEPARATOR = Digests.sha384(new byte[4]);
  private static final byte[] BOOT_ORDER = Digests.sha384(new byte[2]);
  private static final byte[] CALLING_EFI_APPLICATION = ascii384("Calling EFI Application from Boot Option");
  private static final byte[] EXIT_BOOT_SERVICES = ascii384("Exit Boot Services Invocation");
  private static final byte[] EXIT_BOOT_SERVICES_OK = ascii384("Exit Boot Services Returned with Success");

  private BootLogs() {}

  /** The 13 RTMR0 digests: TD HOB, CFV, secure-boot variables, separator, 3 ACPI, boot variables. */
  public static List<byte[]> rtmr0(byte[] tdHobHash, byte[] acpiLoader, byte[] acpiRsdp, byte[] acpiTables) {
    return List.of(
        tdHobHash.clone(),
        CFV_IMAGE.clone(),
        RTMR0_SECURE_BOOT.get(0).clone(),
        RTMR0_SECURE_BOOT.get(1).clone(),
        RTMR0_SECURE_BOOT.get(2).clone(),
        RTMR0_SECURE_BOOT.get(3).clone(),
        RTMR0_SECURE_BOOT.get(4).clone(),
        SEPARATOR.clone(),
        acpiLoader.clone(),
        acpiRsdp.clone(),
        acpiTables.clone(),
        BOOT_ORDER.clone(),
        BOOT0000.clone());
  }

  /** The 5 RTMR1 digests: the kernel, then the fixed EFI boot-service events. */
  public static List<byte[]> rtmr1(byte[] kernelAuthenticode) {
    return List.of(
        kernelAuthenticode.clone(),
        CALLING_EFI_APPLICATION.clone(),
        SEPARATOR.clone(),
        EXIT_BOOT_SERVICES.clone(),
        EXIT_BOOT_SERVICES_OK.clone());
  }

  /** The 2 RTMR2 digests: the measured command line, then the initrd. */
  public static List<byte[]> rtmr2(byte[] cmdlineDigest, byte[] initrdSha384) {
    return List.of(cmdlineDigest.clone(), initrdSha384.clone());
  }

  /** The command-line event digest: SHA-384 of the line in UTF-16LE with a terminating NUL. */
  public static byte[] measureCmdline(String measuredCmdline) {
    byte[] text = Digests.utf16le(measuredCmdline);
    byte[] withNul = new byte[text.length + 2];
    System.arraycopy(text, 0, withNul, 0, text.length);
    return Digests.sha384(withNul);
  }

  /** The command-line digest for an image's base command line (suffix appended as OVMF does). */
  public static byte[] measureBaseCmdline(String baseCmdline) {
    return measureCmdline(baseCmdline + OVMF_INITRD_SUFFIX);
  }

  private static byte[] ascii384(String s) {
    return Digests.sha384(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** UEFI variable event: GUID (mixed endian), name length, data length 0, UTF-16LE name. */
  private static byte[] efiVariable(String guid, String name) {
    byte[] nameUtf16 = Digests.utf16le(name);
    ByteBuffer b = ByteBuffer.allocate(16 + 8 + 8 + nameUtf16.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(guidBytes(guid));
    b.putLong(name.length());
    b.putLong(0);
    b.put(nameUtf16);
    return Digests.sha384(b.array());
  }

  /** Encodes a GUID string: the first three groups little-endian, the last two as written. */
  public static byte[] guidBytes(String guid) {
    String[] parts = guid.split("-");
    if (parts.length != 5) {
      throw new IllegalArgumentException("not a GUID: " + guid);
    }
    byte[] out = new byte[16];
    int pos = 0;
    for (int i = 0; i < parts.length; i++) {
      byte[] raw = Hex.decode("guid", parts[i]);
      if (i <= 2) {
        for (int j = raw.length - 1; j >= 0; j--) {
          out[pos++] = raw[j];
        }
      } else {
        System.arraycopy(raw, 0, out, pos, raw.length);
        pos += raw.length;
      }
    }
    return out;
  }
}

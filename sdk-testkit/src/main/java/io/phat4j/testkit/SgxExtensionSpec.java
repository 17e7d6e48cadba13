package io.phat4j.testkit;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.jspecify.annotations.Nullable;

/**
 * The values of the Intel SGX extension (OID {@value #OID}) that a PCK certificate carries: PPID,
 * TCB (16 SGX component SVNs, PCESVN, CPUSVN), PCE-ID, FMSPC, SGX type and, for Platform-CA
 * certificates, the platform instance ID and configuration.
 *
 * <p>The encoding mirrors Intel's certificates: a SEQUENCE of {@code SEQUENCE { OID, value }}
 * pairs in OID order. Immutable and thread-safe; byte values are copied in and out.
 */
public final class SgxExtensionSpec {
  /** The extension OID. */
  public static final String OID = "1.2.840.113741.1.13.1";

  private static final ASN1ObjectIdentifier ROOT = new ASN1ObjectIdentifier(OID);

  private final byte[] ppid;
  private final int[] tcbComponents;
  private final int pceSvn;
  private final byte[] cpuSvn;
  private final byte[] pceId;
  private final byte[] fmspc;
  private final SgxType sgxType;
  private final byte @Nullable [] platformInstanceId;
  private final @Nullable Configuration configuration;

  /** The SGX type carried in a PCK certificate (OID …13.1.5, ENUMERATED). */
  public enum SgxType {
    /** 0: Standard (client) SGX. */
    STANDARD(0),
    /** 1: Scalable SGX (server platforms, the type TDX hosts report). */
    SCALABLE(1),
    /** 2: Scalable SGX with integrity. */
    SCALABLE_WITH_INTEGRITY(2);

    private final int value;

    SgxType(int value) {
      this.value = value;
    }

    /**
     * Returns the ENUMERATED value.
     *
     * @return 0, 1 or 2
     */
    public int value() {
      return value;
    }
  }

  /**
   * The platform configuration flags (OID …13.1.7) found in Platform-CA certificates.
   *
   * @param dynamicPlatform whether the platform is multi-package and can add packages
   * @param cachedKeys whether platform keys are cached by the registration service
   * @param smtEnabled whether simultaneous multithreading is enabled
   */
  public record Configuration(boolean dynamicPlatform, boolean cachedKeys, boolean smtEnabled) {}

  private SgxExtensionSpec(Builder b) {
    this.ppid = b.ppid.clone();
    this.tcbComponents = b.tcbComponents.clone();
    this.pceSvn = b.pceSvn;
    this.cpuSvn = b.cpuSvn != null ? b.cpuSvn.clone() : componentsAsCpuSvn(b.tcbComponents);
    this.pceId = b.pceId.clone();
    this.fmspc = b.fmspc.clone();
    this.sgxType = b.sgxType;
    this.platformInstanceId = b.platformInstanceId == null ? null : b.platformInstanceId.clone();
    this.configuration = b.configuration;
  }

  /**
   * Starts a builder with the defaults of a TDX server PCK certificate (FMSPC {@code B0C06F000000},
   * SGX type Scalable, PCESVN 11, PCE-ID {@code 0000}, components 3,3,2,2,4,1,0,5,0…, a fixed PPID
   * and platform instance ID, all configuration flags true).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder preset with this extension's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder()
        .ppid(ppid)
        .tcbComponents(tcbComponents)
        .pceSvn(pceSvn)
        .cpuSvn(cpuSvn)
        .pceId(pceId)
        .fmspc(fmspc)
        .sgxType(sgxType)
        .configuration(configuration);
    b.platformInstanceId = platformInstanceId == null ? null : platformInstanceId.clone();
    return b;
  }

  /**
   * Returns the 16-byte PPID.
   *
   * @return the 16-byte PPID
   */
  public byte[] ppid() {
    return ppid.clone();
  }

  /**
   * Returns the 16 SGX TCB component SVNs (each 0–255).
   *
   * @return the 16 SGX TCB component SVNs (each 0–255)
   */
  public int[] tcbComponents() {
    return tcbComponents.clone();
  }

  /**
   * Returns the PCESVN.
   *
   * @return the PCESVN
   */
  public int pceSvn() {
    return pceSvn;
  }

  /**
   * Returns the 16-byte CPUSVN.
   *
   * @return the 16-byte CPUSVN
   */
  public byte[] cpuSvn() {
    return cpuSvn.clone();
  }

  /**
   * Returns the 2-byte PCE-ID.
   *
   * @return the 2-byte PCE-ID
   */
  public byte[] pceId() {
    return pceId.clone();
  }

  /**
   * Returns the 6-byte FMSPC.
   *
   * @return the 6-byte FMSPC
   */
  public byte[] fmspc() {
    return fmspc.clone();
  }

  /**
   * Returns the FMSPC as uppercase hex, the form TCB Info uses.
   *
   * @return the FMSPC as uppercase hex, the form TCB Info uses
   */
  public String fmspcHex() {
    return Hex.encode(fmspc).toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * Returns the SGX type.
   *
   * @return the SGX type
   */
  public SgxType sgxType() {
    return sgxType;
  }

  /**
   * Returns the 16-byte platform instance ID, or null when absent.
   *
   * @return the 16-byte platform instance ID, or null when absent
   */
  public byte @Nullable [] platformInstanceId() {
    return platformInstanceId == null ? null : platformInstanceId.clone();
  }

  /**
   * Returns the configuration flags, or null when absent.
   *
   * @return the configuration flags, or null when absent
   */
  public @Nullable Configuration configuration() {
    return configuration;
  }

  /**
   * Encodes the extension value (the DER that goes inside the extension's OCTET STRING).
   *
   * @return the DER bytes
   */
  public byte[] toDer() {
    ASN1EncodableVector top = new ASN1EncodableVector();
    top.add(pair(ROOT.branch("1"), new DEROctetString(ppid)));
    ASN1EncodableVector tcb = new ASN1EncodableVector();
    ASN1ObjectIdentifier tcbOid = ROOT.branch("2");
    for (int i = 0; i < 16; i++) {
      tcb.add(pair(tcbOid.branch(Integer.toString(i + 1)), new ASN1Integer(tcbComponents[i])));
    }
    tcb.add(pair(tcbOid.branch("17"), new ASN1Integer(pceSvn)));
    tcb.add(pair(tcbOid.branch("18"), new DEROctetString(cpuSvn)));
    top.add(pair(tcbOid, new DERSequence(tcb)));
    top.add(pair(ROOT.branch("3"), new DEROctetString(pceId)));
    top.add(pair(ROOT.branch("4"), new DEROctetString(fmspc)));
    top.add(pair(ROOT.branch("5"), new ASN1Enumerated(sgxType.value())));
    if (platformInstanceId != null) {
      top.add(pair(ROOT.branch("6"), new DEROctetString(platformInstanceId)));
    }
    if (configuration != null) {
      ASN1ObjectIdentifier cfg = ROOT.branch("7");
      ASN1EncodableVector flags = new ASN1EncodableVector();
      flags.add(pair(cfg.branch("1"), ASN1Boolean.getInstance(configuration.dynamicPlatform())));
      flags.add(pair(cfg.branch("2"), ASN1Boolean.getInstance(configuration.cachedKeys())));
      flags.add(pair(cfg.branch("3"), ASN1Boolean.getInstance(configuration.smtEnabled())));
      top.add(pair(cfg, new DERSequence(flags)));
    }
    try {
      return new DERSequence(top).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new PhalaException("DER encoding of the SGX extension failed", e);
    }
  }

  private static DERSequence pair(ASN1ObjectIdentifier oid, ASN1Encodable value) {
    return new DERSequence(new ASN1Encodable[] {oid, value});
  }

  private static byte[] componentsAsCpuSvn(int[] components) {
    byte[] out = new byte[16];
    for (int i = 0; i < 16; i++) {
      out[i] = (byte) components[i];
    }
    return out;
  }

  @Override
  public String toString() {
    return "SgxExtensionSpec[fmspc=" + Hex.encode(fmspc) + ", pceSvn=" + pceSvn + ", cpuSvn="
        + Hex.encode(cpuSvn) + ", sgxType=" + sgxType + "]";
  }

  /** Builds an {@link SgxExtensionSpec}; not thread-safe. */
  public static final class Builder {
    private byte[] ppid = Hex.decode("ppid", "811dca2a26b952e85bb6448b097ba4fd");
    private int[] tcbComponents = {3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
    private int pceSvn = 11;
    private byte @Nullable [] cpuSvn;
    private byte[] pceId = new byte[2];
    private byte[] fmspc = Hex.decode("fmspc", "b0c06f000000");
    private SgxType sgxType = SgxType.SCALABLE;
    private byte @Nullable [] platformInstanceId = Hex.decode("platformInstanceId", "07828474603e7019dc930775ffe8cdd2");
    private @Nullable Configuration configuration = new Configuration(true, true, true);

    private Builder() {}

    /**
     * Sets the PPID.
     *
     * @param ppid 16 bytes
     * @return this builder
     */
    public Builder ppid(byte[] ppid) {
      this.ppid = exact("ppid", ppid, 16);
      return this;
    }

    /**
     * Sets the 16 SGX TCB component SVNs; unless {@link #cpuSvn} is set, CPUSVN equals these
     * values as bytes (as in Intel's certificates).
     *
     * @param svns 16 values, each 0–255
     * @return this builder
     */
    public Builder tcbComponents(int... svns) {
      if (svns.length != 16) {
        throw new DecodeException("tcbComponents", "must have 16 values, got " + svns.length);
      }
      for (int svn : svns) {
        if (svn < 0 || svn > 255) {
          throw new DecodeException("tcbComponents", "SVN out of range 0..255: " + svn);
        }
      }
      this.tcbComponents = svns.clone();
      return this;
    }

    /**
     * Sets the PCESVN.
     *
     * @param pceSvn 0–65535
     * @return this builder
     */
    public Builder pceSvn(int pceSvn) {
      if (pceSvn < 0 || pceSvn > 0xffff) {
        throw new DecodeException("pceSvn", "out of range 0..65535: " + pceSvn);
      }
      this.pceSvn = pceSvn;
      return this;
    }

    /**
     * Overrides CPUSVN independently of the component SVNs.
     *
     * @param cpuSvn 16 bytes
     * @return this builder
     */
    public Builder cpuSvn(byte[] cpuSvn) {
      this.cpuSvn = exact("cpuSvn", cpuSvn, 16);
      return this;
    }

    /**
     * Sets the PCE-ID.
     *
     * @param pceId 2 bytes
     * @return this builder
     */
    public Builder pceId(byte[] pceId) {
      this.pceId = exact("pceId", pceId, 2);
      return this;
    }

    /**
     * Sets the FMSPC.
     *
     * @param fmspc 6 bytes
     * @return this builder
     */
    public Builder fmspc(byte[] fmspc) {
      this.fmspc = exact("fmspc", fmspc, 6);
      return this;
    }

    /**
     * Sets the FMSPC from hex.
     *
     * @param fmspcHex 12 hex digits
     * @return this builder
     */
    public Builder fmspc(String fmspcHex) {
      this.fmspc = Hex.decode("fmspc", fmspcHex, 6);
      return this;
    }

    /**
     * Sets the SGX type.
     *
     * @param sgxType the type
     * @return this builder
     */
    public Builder sgxType(SgxType sgxType) {
      this.sgxType = Objects.requireNonNull(sgxType, "sgxType");
      return this;
    }

    /**
     * Sets or removes the platform instance ID.
     *
     * @param id 16 bytes, or null to omit the field (as in Processor-CA certificates)
     * @return this builder
     */
    public Builder platformInstanceId(byte @Nullable [] id) {
      this.platformInstanceId = id == null ? null : exact("platformInstanceId", id, 16);
      return this;
    }

    /**
     * Sets or removes the configuration flags.
     *
     * @param configuration the flags, or null to omit the field
     * @return this builder
     */
    public Builder configuration(@Nullable Configuration configuration) {
      this.configuration = configuration;
      return this;
    }

    /**
     * Builds the extension.
     *
     * @return the immutable value
     */
    public SgxExtensionSpec build() {
      return new SgxExtensionSpec(this);
    }

    private static byte[] exact(String field, byte[] value, int length) {
      if (value.length != length) {
        throw new DecodeException(field, "must be " + length + " bytes, got " + value.length);
      }
      return Arrays.copyOf(value, length);
    }
  }
}

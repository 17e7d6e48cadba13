package io.phat4j.attestation.dcap;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jspecify.annotations.Nullable;

/**
 * The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): PPID, TCB components,
 * PCESVN, CPUSVN, PCE-ID, FMSPC and SGX type.
 *
 * <p>Immutable; accessors return copies.
 */
public final class PckExtension {
  /** The OID of the Intel SGX extension. */
  public static final String OID = "1.2.840.113741.1.13.1";

  private static final ASN1ObjectIdentifier SGX_EXT = new ASN1ObjectIdentifier(OID);

  private final byte[] ppid;
  private final int[] tcbComponents;
  private final int pceSvn;
  private final byte[] cpuSvn;
  private final byte[] pceId;
  private final byte[] fmspc;
  private final SgxType sgxType;
  private final @Nullable Boolean dynamicPlatform;

  private PckExtension(
      byte[] ppid, int[] tcbComponents, int pceSvn, byte[] cpuSvn, byte[] pceId, byte[] fmspc, SgxType sgxType,
      @Nullable Boolean dynamicPlatform) {
    this.ppid = ppid;
    this.tcbComponents = tcbComponents;
    this.pceSvn = pceSvn;
    this.cpuSvn = cpuSvn;
    this.pceId = pceId;
    this.fmspc = fmspc;
    this.sgxType = sgxType;
    this.dynamicPlatform = dynamicPlatform;
  }

  /**
   * Reads the SGX extension from a PCK certificate.
   *
   * @param certificate the DER-encoded PCK leaf certificate
   * @return the parsed extension
   * @throws DecodeException if the certificate or the extension is malformed or the extension is missing
   */
  public static PckExtension fromCertificate(byte[] certificate) {
    try {
      return fromCertificate(new X509CertificateHolder(certificate));
    } catch (IOException | RuntimeException e) {
      if (e instanceof DecodeException de) {
        throw de;
      }
      throw new DecodeException("pck_certificate", -1, "is not a valid X.509 certificate", e);
    }
  }

  /**
   * Reads the SGX extension from a parsed PCK certificate.
   *
   * @param cert the PCK leaf certificate
   * @return the parsed extension
   * @throws DecodeException if the extension is missing or malformed
   */
  public static PckExtension fromCertificate(X509CertificateHolder cert) {
    Extension ext;
    try {
      ext = cert.getExtension(SGX_EXT);
    } catch (RuntimeException e) {
      throw new DecodeException("pck_certificate", -1, "has malformed extensions", e);
    }
    if (ext == null) {
      throw new DecodeException("sgx_extension", "Intel SGX extension (" + OID + ") not found in PCK certificate");
    }
    try {
      return parse(ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(ext.getExtnValue().getOctets())));
    } catch (DecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("sgx_extension", -1, "is not a valid SGX extension: " + e.getMessage(), e);
    }
  }

  private static PckExtension parse(ASN1Sequence seq) {
    byte[] ppid = null;
    int[] comps = null;
    Integer pceSvn = null;
    byte[] cpuSvn = null;
    byte[] pceId = null;
    byte[] fmspc = null;
    SgxType type = null;
    Boolean dynamic = null;
    for (ASN1Encodable item : seq) {
      ASN1Sequence pair = ASN1Sequence.getInstance(item);
      String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
      ASN1Encodable value = pair.getObjectAt(1);
      switch (oid.substring(OID.length())) {
        case ".1" -> ppid = octets("ppid", value, 16);
        case ".2" -> {
          comps = new int[16];
          for (ASN1Encodable c : ASN1Sequence.getInstance(value)) {
            ASN1Sequence cp = ASN1Sequence.getInstance(c);
            String coid = ASN1ObjectIdentifier.getInstance(cp.getObjectAt(0)).getId();
            int idx = Integer.parseInt(coid.substring(OID.length() + 3));
            if (idx >= 1 && idx <= 16) {
              comps[idx - 1] = intValue("tcb_comp" + idx, cp.getObjectAt(1), 255);
            } else if (idx == 17) {
              pceSvn = intValue("pcesvn", cp.getObjectAt(1), 65535);
            } else if (idx == 18) {
              cpuSvn = octets("cpusvn", cp.getObjectAt(1), 16);
            }
          }
        }
        case ".3" -> pceId = octets("pce_id", value, 2);
        case ".4" -> fmspc = octets("fmspc", value, 6);
        case ".5" -> type = SgxType.fromCode(ASN1Enumerated.getInstance(value).intValueExact());
        case ".7" -> {
          for (ASN1Encodable c : ASN1Sequence.getInstance(value)) {
            ASN1Sequence cp = ASN1Sequence.getInstance(c);
            if (ASN1ObjectIdentifier.getInstance(cp.getObjectAt(0)).getId().equals(OID + ".7.1")) {
              dynamic = ASN1Boolean.getInstance(cp.getObjectAt(1)).isTrue();
            }
          }
        }
        default -> {
          // Platform instance ID and future fields are not needed for verification.
        }
      }
    }
    if (ppid == null || comps == null || pceSvn == null || cpuSvn == null || pceId == null || fmspc == null
        || type == null) {
      throw new DecodeException("sgx_extension", "is missing a required field (PPID, TCB, PCESVN, CPUSVN, PCE-ID, FMSPC or SGX type)");
    }
    return new PckExtension(ppid, comps, pceSvn, cpuSvn, pceId, fmspc, type, dynamic);
  }

  private static byte[] octets(String field, ASN1Encodable value, int length) {
    byte[] b = ASN1OctetString.getInstance(value).getOctets();
    if (b.length != length) {
      throw new DecodeException("sgx_extension." + field, "must be " + length + " bytes, got " + b.length);
    }
    return b;
  }

  private static int intValue(String field, ASN1Encodable value, int max) {
    BigInteger v = ASN1Integer.getInstance(value).getValue();
    if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new DecodeException("sgx_extension." + field, "out of range: " + v);
    }
    return v.intValue();
  }

  /**
   * Returns the platform provisioning ID (16 bytes).
   *
   * @return a copy
   */
  public byte[] ppid() {
    return ppid.clone();
  }

  /**
   * Returns SGX TCB components 1–16 (each 0–255).
   *
   * @return a copy of the 16 SVNs
   */
  public int[] tcbComponents() {
    return tcbComponents.clone();
  }

  /**
   * Returns the PCE SVN.
   *
   * @return the value, 0–65535
   */
  public int pceSvn() {
    return pceSvn;
  }

  /**
   * Returns CPUSVN (16 bytes), compared component-wise with the TCB levels.
   *
   * @return a copy
   */
  public byte[] cpuSvn() {
    return cpuSvn.clone();
  }

  /**
   * Returns the PCE ID (2 bytes).
   *
   * @return a copy
   */
  public byte[] pceId() {
    return pceId.clone();
  }

  /**
   * Returns the FMSPC (6 bytes), the platform family the TCB info is issued for.
   *
   * @return a copy
   */
  public byte[] fmspc() {
    return fmspc.clone();
  }

  /**
   * Returns the FMSPC as lowercase hex.
   *
   * @return 12 hex digits
   */
  public String fmspcHex() {
    return Hex.encode(fmspc);
  }

  /**
   * Returns the SGX type.
   *
   * @return the type
   */
  public SgxType sgxType() {
    return sgxType;
  }

  /**
   * Returns the dynamic-platform flag of Platform CA certificates.
   *
   * @return the flag, or {@code null} when the certificate has no configuration field
   */
  public @Nullable Boolean dynamicPlatform() {
    return dynamicPlatform;
  }

  boolean fmspcEquals(byte[] other) {
    return Arrays.equals(fmspc, other);
  }

  @Override
  public String toString() {
    return "PckExtension[fmspc=" + fmspcHex() + ", pceSvn=" + pceSvn + ", cpuSvn=" + Hex.encode(cpuSvn) + ", pceId="
        + Hex.encode(pceId) + ", sgxType=" + sgxType + "]";
  }
}

package io.phat4j.testkit;

import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.testkit.internal.LittleEndianWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Assembles and signs a DCAP ECDSA-P256 quote: SGX v3, TDX v4 (TD report 1.0) or TDX v5 (TD report
 * 1.0 or 1.5).
 *
 * <p>The quote is built exactly as an Intel quoting enclave does: the QE report's REPORTDATA is set
 * to SHA-256(attestation key ‖ QE auth data) ‖ 32 zero bytes and signed by the PCK key; the quote
 * signature (raw r ‖ s) covers header ‖ body (v5: header ‖ body descriptor ‖ body) and is made
 * with the attestation key; the certification data is type 6 (v4/v5) or directly the PCK data (v3),
 * wrapping by default a type-5 PEM chain (PCK leaf, PCK CA, root) with a trailing NUL byte like
 * real quotes. Not thread-safe; build one quote per builder.
 */
public final class DcapQuoteBuilder {
  /** Intel's QE vendor ID. */
  public static final String INTEL_QE_VENDOR_ID = "939a7233f79c4ca9940a0db3957f0607";

  /** Certification data type: PPID encrypted with RSA-3072-OAEP (no certificate in the quote). */
  public static final int CERT_TYPE_ENCRYPTED_PPID_3072 = 3;
  /** Certification data type: the PCK leaf certificate alone. */
  public static final int CERT_TYPE_PCK_LEAF = 4;
  /** Certification data type: the PCK certificate chain. */
  public static final int CERT_TYPE_PCK_CHAIN = 5;
  /** Certification data type: QE report certification data (wraps one of the above). */
  public static final int CERT_TYPE_QE_REPORT = 6;

  private static final int TEE_SGX = 0x00000000;
  private static final int TEE_TDX = 0x00000081;

  private final int version;
  private final int teeType;
  private final byte[] body;
  private final int bodyType;
  private final PckCredential pck;
  private final TestSigningKey attestationKey;
  private SgxReportSpec qeReport;
  private byte[] qeAuthData = new byte[32];
  private int certificationDataType = CERT_TYPE_PCK_CHAIN;
  private byte[] qeVendorId = Hex.decode("qeVendorId", INTEL_QE_VENDOR_ID);
  private byte[] userData = new byte[20];
  private int attestationKeyType = 2;
  private int headerQeSvn;
  private int headerPceSvn;
  private boolean pemNulTerminator = true;
  private boolean bindQeReport = true;
  private @Nullable String chainPemOverride;

  private DcapQuoteBuilder(int version, int teeType, byte[] body, int bodyType, PckCredential pck,
      TestSigningKey attestationKey, SgxReportSpec qeReport) {
    this.version = version;
    this.teeType = teeType;
    this.body = body;
    this.bodyType = bodyType;
    this.pck = Objects.requireNonNull(pck, "pck");
    this.attestationKey = Objects.requireNonNull(attestationKey, "attestationKey");
    // The QE runs on the same platform as the PCK certificate describes.
    this.qeReport = qeReport.toBuilder().cpuSvn(pck.extension().cpuSvn()).build();
    for (int i = 0; i < 32; i++) {
      qeAuthData[i] = (byte) i; // what Intel's QE puts there
    }
    this.headerQeSvn = qeReport.isvSvn();
    this.headerPceSvn = pck.extension().pceSvn();
  }

  /**
   * Starts a TDX quote version 4 with a TD report 1.0 body and a TD_QE-shaped QE report.
   *
   * @param report the TD report (must be 1.0)
   * @param pck the PCK certificate whose key signs the QE report
   * @param attestationKey the attestation key that signs the quote
   * @return a builder
   */
  public static DcapQuoteBuilder tdxV4(TdReportSpec report, PckCredential pck, TestSigningKey attestationKey) {
    if (report.isV15()) {
      throw new DecodeException("report", "quote v4 carries a TD report 1.0; use tdxV5 for 1.5");
    }
    return new DcapQuoteBuilder(4, TEE_TDX, report.toBytes(), 2, pck, attestationKey, SgxReportSpec.tdQe().build());
  }

  /**
   * Starts a TDX quote version 5 (body descriptor type 2 for TD report 1.0, 3 for 1.5).
   *
   * @param report the TD report
   * @param pck the PCK certificate whose key signs the QE report
   * @param attestationKey the attestation key that signs the quote
   * @return a builder
   */
  public static DcapQuoteBuilder tdxV5(TdReportSpec report, PckCredential pck, TestSigningKey attestationKey) {
    return new DcapQuoteBuilder(5, TEE_TDX, report.toBytes(), report.isV15() ? 3 : 2, pck, attestationKey,
        SgxReportSpec.tdQe().build());
  }

  /**
   * Starts an SGX quote version 4 (SGX body with the v4 certification layout). Verifiers must
   * reject it ("SGX TEE quote must have version 3"); it exists for that negative test.
   *
   * @param report the enclave report body
   * @param pck the PCK certificate whose key signs the QE report
   * @param attestationKey the attestation key that signs the quote
   * @return a builder
   */
  public static DcapQuoteBuilder sgxV4(SgxReportSpec report, PckCredential pck, TestSigningKey attestationKey) {
    return new DcapQuoteBuilder(4, TEE_SGX, report.toBytes(), 1, pck, attestationKey, SgxReportSpec.sgxQe().build());
  }

  /**
   * Starts an SGX quote version 3 with an SGX-QE-shaped QE report.
   *
   * @param report the enclave report body
   * @param pck the PCK certificate whose key signs the QE report
   * @param attestationKey the attestation key that signs the quote
   * @return a builder
   */
  public static DcapQuoteBuilder sgxV3(SgxReportSpec report, PckCredential pck, TestSigningKey attestationKey) {
    return new DcapQuoteBuilder(3, TEE_SGX, report.toBytes(), 1, pck, attestationKey, SgxReportSpec.sgxQe().build());
  }

  /**
   * Replaces the QE report (e.g. a debug QE or another ISVSVN). Its REPORTDATA is overwritten with
   * the attestation-key binding unless {@link #bindQeReport(boolean)} is turned off.
   *
   * @param qeReport the QE report
   * @return this builder
   */
  public DcapQuoteBuilder qeReport(SgxReportSpec qeReport) {
    this.qeReport = Objects.requireNonNull(qeReport, "qeReport");
    this.headerQeSvn = qeReport.isvSvn();
    return this;
  }

  /**
   * Sets the QE authentication data (32 bytes {@code 00 01 … 1f} by default, as Intel's QE).
   *
   * @param data any length up to 65535
   * @return this builder
   */
  public DcapQuoteBuilder qeAuthData(byte[] data) {
    if (data.length > 0xffff) {
      throw new DecodeException("qeAuthData", "longer than 65535 bytes: " + data.length);
    }
    this.qeAuthData = data.clone();
    return this;
  }

  /**
   * Chooses the PCK certification data: {@link #CERT_TYPE_PCK_CHAIN} (default),
   * {@link #CERT_TYPE_PCK_LEAF} or {@link #CERT_TYPE_ENCRYPTED_PPID_3072} (or 2); for the latter
   * the verifier needs the chain from collateral {@code pck_certificate_chain}.
   *
   * @param type the type number
   * @return this builder
   */
  public DcapQuoteBuilder certificationDataType(int type) {
    if (type < 1 || type > 5) {
      throw new DecodeException("certificationDataType", "must be 1..5, got " + type);
    }
    this.certificationDataType = type;
    return this;
  }

  /**
   * Replaces the PEM chain embedded as type 5 (e.g. to embed a chain with a different order or an
   * extra certificate).
   *
   * @param chainPem the PEM text
   * @return this builder
   */
  public DcapQuoteBuilder chainPem(String chainPem) {
    this.chainPemOverride = Objects.requireNonNull(chainPem, "chainPem");
    return this;
  }

  /**
   * Sets the QE vendor ID in the header (Intel's by default).
   *
   * @param vendorId 16 bytes
   * @return this builder
   */
  public DcapQuoteBuilder qeVendorId(byte[] vendorId) {
    this.qeVendorId = exact("qeVendorId", vendorId, 16);
    return this;
  }

  /**
   * Sets the header user data (first 16 bytes = QE ID).
   *
   * @param userData 20 bytes
   * @return this builder
   */
  public DcapQuoteBuilder userData(byte[] userData) {
    this.userData = exact("userData", userData, 20);
    return this;
  }

  /**
   * Sets the header attestation key type (2 = ECDSA P-256, the only valid value; others are for
   * negative tests — the signature stays P-256).
   *
   * @param type the type number
   * @return this builder
   */
  public DcapQuoteBuilder attestationKeyType(int type) {
    this.attestationKeyType = type;
    return this;
  }

  /**
   * Sets whether the type-5 PEM chain ends with a NUL byte, as in quotes from real hardware
   * (default true).
   *
   * @param nul whether to append the NUL
   * @return this builder
   */
  public DcapQuoteBuilder pemNulTerminator(boolean nul) {
    this.pemNulTerminator = nul;
    return this;
  }

  /**
   * Sets whether REPORTDATA of the QE report is overwritten with SHA-256(attestation key ‖ QE auth
   * data) ‖ zeros (default true; turn off to test the binding check).
   *
   * @param bind whether to bind
   * @return this builder
   */
  public DcapQuoteBuilder bindQeReport(boolean bind) {
    this.bindQeReport = bind;
    return this;
  }

  /**
   * Returns the PCK certificate this quote is made with.
   *
   * @return the certificate and key
   */
  public PckCredential pck() {
    return pck;
  }

  /**
   * Returns the attestation key this quote is signed with.
   *
   * @return the key
   */
  public TestSigningKey attestationKey() {
    return attestationKey;
  }

  /**
   * Returns the size of the signed region (header, descriptor for v5, body).
   *
   * @return 432 (SGX v3/v4), 632 (TDX v4), 638 or 702 (v5)
   */
  public int signedLength() {
    return 48 + (version == 5 ? 6 : 0) + body.length;
  }

  /**
   * Builds and signs the quote.
   *
   * @return the quote bytes, exactly as long as the declared lengths (no padding)
   */
  public byte[] build() {
    byte[] attKey = attestationKey.publicKeyRaw();
    SgxReportSpec qe = qeReport;
    if (bindQeReport) {
      byte[] reportData = new byte[64];
      MessageDigest sha = sha256();
      sha.update(attKey);
      sha.update(qeAuthData);
      System.arraycopy(sha.digest(), 0, reportData, 0, 32);
      qe = qe.toBuilder().reportData(reportData).build();
    }
    byte[] qeBytes = qe.toBytes();
    byte[] qeSignature = pck.key().signRaw(qeBytes);

    LittleEndianWriter signed = new LittleEndianWriter()
        .u16(version)
        .u16(attestationKeyType)
        .u32(teeType & 0xffffffffL)
        .u16(headerQeSvn)
        .u16(headerPceSvn)
        .bytes(qeVendorId)
        .bytes(userData);
    if (version == 5) {
      signed.u16(bodyType).u32(body.length);
    }
    signed.bytes(body);
    byte[] signedBytes = signed.toByteArray();
    byte[] quoteSignature = attestationKey.signRaw(signedBytes);

    byte[] pckData = pckCertificationData();
    LittleEndianWriter auth = new LittleEndianWriter().bytes(quoteSignature).bytes(attKey);
    if (version == 3) {
      auth.bytes(qeBytes).bytes(qeSignature).u16(qeAuthData.length).bytes(qeAuthData)
          .u16(certificationDataType).u32(pckData.length).bytes(pckData);
    } else {
      byte[] qeCertData = new LittleEndianWriter()
          .bytes(qeBytes).bytes(qeSignature).u16(qeAuthData.length).bytes(qeAuthData)
          .u16(certificationDataType).u32(pckData.length).bytes(pckData)
          .toByteArray();
      auth.u16(CERT_TYPE_QE_REPORT).u32(qeCertData.length).bytes(qeCertData);
    }
    byte[] authBytes = auth.toByteArray();
    return new LittleEndianWriter().bytes(signedBytes).u32(authBytes.length).bytes(authBytes).toByteArray();
  }

  private byte[] pckCertificationData() {
    switch (certificationDataType) {
      case CERT_TYPE_PCK_CHAIN:
        return pemBytes(chainPemOverride != null ? chainPemOverride : pck.chainPem());
      case CERT_TYPE_PCK_LEAF:
        return pemBytes(pck.pem());
      default:
        // Types 1-3: (encrypted) PPID ‖ CPUSVN ‖ PCESVN (u16 LE) ‖ PCE-ID; the PPID part is a
        // placeholder of the right size (the verifier only needs it to fetch the PCK cert).
        int ppidLength = certificationDataType == 1 ? 16 : certificationDataType == 2 ? 256 : 384;
        SgxExtensionSpec ext = pck.extension();
        return new LittleEndianWriter()
            .bytes(Arrays.copyOf(ext.ppid(), ppidLength))
            .bytes(ext.cpuSvn())
            .u16(ext.pceSvn())
            .bytes(ext.pceId())
            .toByteArray();
    }
  }

  private byte[] pemBytes(String pem) {
    byte[] text = pem.getBytes(StandardCharsets.US_ASCII);
    return pemNulTerminator ? Arrays.copyOf(text, text.length + 1) : text;
  }

  private static byte[] exact(String field, byte[] value, int length) {
    if (value.length != length) {
      throw new DecodeException(field, "must be " + length + " bytes, got " + value.length);
    }
    return value.clone();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new CryptoException("SHA-256 is not available", e);
    }
  }
}

package io.phat4j.attestation.dcap;

import io.phat4j.attestation.dcap.internal.Le;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Intel DCAP quote: SGX quote v3, or TDX quote v4 / v5 (TD report 1.0 or 1.5).
 *
 * <p>{@link #parse(byte[])} copies the input once and every part of the quote is a view over that
 * copy. Lengths declared inside the quote are checked against the data: a short or inconsistent
 * quote gives a {@link QuoteFormatException} naming the field and offset. Bytes after the end of
 * the declared authentication data are ignored, as real quotes are often zero padded. Inside it,
 * bytes a declared size leaves unused are ignored too, as dcap-qvl does; whether every declared
 * size was used exactly is recorded ({@link #declaredSizesUsedExactly()}) for verifiers that
 * insist on it ({@link QuoteVerifier.Builder#strictEncoding(boolean)}).
 *
 * <p>Parsing checks structure only; {@link QuoteVerifier} checks signatures and collateral.
 * Immutable and thread-safe.
 */
public final class Quote {
  /** Certification data type 5: a PEM chain of the PCK certificate, its CA and the root. */
  public static final int CERT_TYPE_PCK_CHAIN = 5;

  /** Certification data type 6: QE report certification data wrapping the PCK data. */
  public static final int CERT_TYPE_QE_REPORT = 6;

  private static final int SIG = 64;
  private static final int KEY = 64;

  private final byte[] buf;
  private final QuoteHeader header;
  private final ReportBody body;
  private final int signedLength;
  private final int authOffset;
  private final int end;
  private final SgxReport qeReport;
  private final int qeSigOffset;
  private final int qeAuthOffset;
  private final int qeAuthLength;
  private final int certType;
  private final int certOffset;
  private final int certLength;
  // The first declared size that was not used exactly (null if all were), for strict verification.
  private final @Nullable String slackField;
  private final int slackOffset;
  private final int slackBytes;
  // v4/v5: the declared outer certification data type and where it sits (-1 for v3).
  private final int outerCertType;
  private final int outerCertTypeOffset;

  private Quote(byte[] buf) {
    this.buf = buf;
    Cursor c = new Cursor(buf, 0, buf.length);
    c.need("header", QuoteHeader.SIZE);
    int version = Le.u16(buf, 0);
    long teeCode = Le.u32(buf, 4);
    if (version < 3 || version > 5) {
      throw new QuoteFormatException("version", 0, "unsupported quote version " + version);
    }
    TeeType tee;
    if (teeCode == TeeType.SGX.code()) {
      tee = TeeType.SGX;
    } else if (teeCode == TeeType.TDX.code()) {
      tee = TeeType.TDX;
    } else {
      throw new QuoteFormatException("tee_type", 4, "unknown TEE type 0x" + Long.toHexString(teeCode));
    }
    if (version == 3 && tee != TeeType.SGX) {
      throw new QuoteFormatException("tee_type", 4, "quote version 3 must be SGX");
    }
    header = new QuoteHeader(buf, tee);
    c.pos = QuoteHeader.SIZE;
    BodyType type;
    if (version == 5) {
      c.need("body_descriptor", 6);
      int code = c.u16();
      c.u32(); // body_size: the type fixes the size, as in the reference parsers
      type = switch (code) {
        case 1 -> BodyType.SGX_ENCLAVE;
        case 2 -> BodyType.TD_REPORT_10;
        case 3 -> BodyType.TD_REPORT_15;
        default -> throw new QuoteFormatException("body_type", 48, "unsupported body type " + code);
      };
      if ((type == BodyType.SGX_ENCLAVE) != (tee == TeeType.SGX)) {
        throw new QuoteFormatException("body_type", 48, "body type " + code + " does not fit TEE type " + tee);
      }
    } else {
      type = tee == TeeType.SGX ? BodyType.SGX_ENCLAVE : BodyType.TD_REPORT_10;
    }
    int bodyOffset = c.take("report_body", type.size());
    body = type == BodyType.SGX_ENCLAVE ? new SgxReport(buf, bodyOffset) : new TdReport(buf, bodyOffset, type);
    signedLength = c.pos;
    c.need("auth_data_size", 4);
    long authSize = c.u32();
    authOffset = c.pos;
    c.need("auth_data", authSize);
    end = (int) (authOffset + authSize);
    Cursor a = new Cursor(buf, authOffset, end);
    a.take("quote_signature", SIG);
    a.take("attestation_key", KEY);
    // v3 carries the QE report section directly; v4 and v5 wrap it in certification data type 6,
    // where the inner PCK data has its own type and size.
    Cursor qe = a;
    String certField = "certification_data";
    int declaredOuterType = -1;
    int declaredOuterTypeOffset = -1;
    if (version != 3) {
      // The outer type should be 6, but both references read the body as type 6 whatever the value
      // says, and the value is not signed; checking it would only reject quotes they accept.
      a.need("certification_data_type", 2);
      declaredOuterTypeOffset = a.pos;
      declaredOuterType = a.u16();
      a.need("certification_data_size", 4);
      long outerSize = a.u32();
      int outerOffset = a.take("certification_data", outerSize);
      qe = new Cursor(buf, outerOffset, (int) (outerOffset + outerSize));
      certField = "pck_certification_data";
    }
    qeReport = new SgxReport(buf, qe.take("qe_report", SgxReport.SIZE));
    qeSigOffset = qe.take("qe_report_signature", SIG);
    qe.need("qe_auth_data_size", 2);
    qeAuthLength = qe.u16();
    qeAuthOffset = qe.take("qe_auth_data", qeAuthLength);
    qe.need(certField + "_type", 2);
    certType = qe.u16();
    qe.need(certField + "_size", 4);
    long size = qe.u32();
    certLength = (int) Math.min(size, Integer.MAX_VALUE);
    certOffset = qe.take(certField, size);
    // Sizes are not signed: slack inside a declared size lets a size field change unnoticed.
    // dcap-qvl ignores it, so parsing does too; strict verification refuses it.
    Cursor slack = qe.pos != qe.limit ? qe : a.pos != a.limit ? a : null;
    slackField = slack == null ? null : slack == a ? "auth_data" : "certification_data";
    slackOffset = slack == null ? -1 : slack.pos;
    slackBytes = slack == null ? 0 : slack.limit - slack.pos;
    outerCertType = declaredOuterType;
    outerCertTypeOffset = declaredOuterTypeOffset;
  }

  /**
   * Tells whether every size declared inside the authentication data (its own size, the
   * certification data sizes) is used exactly by what it contains. Bytes after the end of the
   * declared authentication data do not count: real quotes are often zero padded.
   *
   * <p>The sizes are not covered by any signature, and dcap-qvl accepts quotes where they leave
   * bytes unused; only a {@linkplain QuoteVerifier.Builder#strictEncoding(boolean) strict} verifier
   * rejects them.
   *
   * @return {@code true} if no declared size leaves bytes unused
   */
  public boolean declaredSizesUsedExactly() {
    return slackField == null;
  }

  /** Throws the format error for the first declared size that leaves bytes unused, or a v4/v5 outer type that is not 6. */
  void requireDeclaredSizesUsedExactly() {
    if (slackField != null) {
      throw new QuoteFormatException(slackField, slackOffset, slackBytes + " bytes inside the declared size are not used");
    }
    if (outerCertType != -1 && outerCertType != CERT_TYPE_QE_REPORT) {
      throw new QuoteFormatException(
          "certification_data_type", outerCertTypeOffset, "must be 6 (QE report certification data), got " + outerCertType);
    }
  }

  /**
   * Parses a quote.
   *
   * @param quote the raw quote bytes (copied once; later changes to the array do not matter)
   * @return the parsed quote
   * @throws QuoteFormatException if the quote is truncated or malformed
   */
  public static Quote parse(byte[] quote) {
    if (quote == null) {
      throw new QuoteFormatException("quote", 0, "is missing (null)");
    }
    return new Quote(quote.clone());
  }

  /**
   * Returns the header.
   *
   * @return the header view
   */
  public QuoteHeader header() {
    return header;
  }

  /**
   * Returns the TEE that produced the quote.
   *
   * @return SGX or TDX
   */
  public TeeType teeType() {
    return header.teeType();
  }

  /**
   * Returns the quote format version.
   *
   * @return 3, 4 or 5
   */
  public int version() {
    return header.version();
  }

  /**
   * Returns the report the quote signs.
   *
   * @return an {@link SgxReport} or a {@link TdReport}
   */
  public ReportBody body() {
    return body;
  }

  /**
   * Returns the number of leading quote bytes covered by the quote signature (header, v5 body
   * descriptor and body).
   *
   * @return the signed length
   */
  public int signedLength() {
    return signedLength;
  }

  /**
   * Returns the length of the quote as declared (header to end of authentication data); trailing
   * bytes after it were ignored.
   *
   * @return the declared length
   */
  public int declaredLength() {
    return end;
  }

  /**
   * Returns the ECDSA quote signature over the signed region (raw r‖s, 64 bytes).
   *
   * @return a copy
   */
  public byte[] signature() {
    return Le.slice(buf, authOffset, SIG);
  }

  /**
   * Returns the ECDSA P-256 attestation public key (raw X‖Y, 64 bytes).
   *
   * @return a copy
   */
  public byte[] attestationKey() {
    return Le.slice(buf, authOffset + SIG, KEY);
  }

  /**
   * Returns the quoting enclave's report.
   *
   * @return the QE report view
   */
  public SgxReport qeReport() {
    return qeReport;
  }

  /**
   * Returns the PCK key's signature over the QE report (raw r‖s, 64 bytes).
   *
   * @return a copy
   */
  public byte[] qeReportSignature() {
    return Le.slice(buf, qeSigOffset, SIG);
  }

  /**
   * Returns the QE authentication data (32 bytes in practice), hashed into the QE report.
   *
   * @return a copy
   */
  public byte[] qeAuthData() {
    return Le.slice(buf, qeAuthOffset, qeAuthLength);
  }

  /**
   * Returns the type of the PCK certification data (5 = PEM chain; 2/3 = encrypted PPID).
   *
   * @return the certification data type
   */
  public int certificationDataType() {
    return certType;
  }

  /**
   * Returns the PCK certification data.
   *
   * @return a copy
   */
  public byte[] certificationData() {
    return Le.slice(buf, certOffset, certLength);
  }

  /**
   * Returns the PCK certificate chain carried in the quote (certification data type 5).
   *
   * @return the PEM text, or {@code null} for other certification data types
   */
  public @Nullable String pckCertChainPem() {
    return certType == CERT_TYPE_PCK_CHAIN ? new String(buf, certOffset, certLength, StandardCharsets.UTF_8) : null;
  }

  byte[] buffer() {
    return buf;
  }

  int attestationKeyOffset() {
    return authOffset + SIG;
  }

  int signatureOffset() {
    return authOffset;
  }

  int qeReportSignatureOffset() {
    return qeSigOffset;
  }

  int qeAuthDataOffset() {
    return qeAuthOffset;
  }

  int qeAuthDataLength() {
    return qeAuthLength;
  }

  int certificationDataOffset() {
    return certOffset;
  }

  int certificationDataLength() {
    return certLength;
  }

  @Override
  public String toString() {
    return "Quote[" + header + ", body=" + body + "]";
  }

  /** A read position with a hard limit, so every field read is bounds-checked. */
  private static final class Cursor {
    private final byte[] buf;
    private final int limit;
    private int pos;

    Cursor(byte[] buf, int pos, int limit) {
      this.buf = buf;
      this.pos = pos;
      this.limit = limit;
    }

    void need(String field, long n) {
      if (n > limit - pos) {
        throw new QuoteFormatException(
            field, pos, "needs " + n + " bytes but only " + (limit - pos) + " remain (quote truncated or length field corrupt)");
      }
    }

    int take(String field, long n) {
      need(field, n);
      int at = pos;
      pos += (int) n;
      return at;
    }

    int u16() {
      int v = Le.u16(buf, pos);
      pos += 2;
      return v;
    }

    long u32() {
      long v = Le.u32(buf, pos);
      pos += 4;
      return v;
    }
  }
}

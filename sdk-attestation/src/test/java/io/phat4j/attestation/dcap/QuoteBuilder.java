package io.phat4j.attestation.dcap;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Re-assembles a parsed SGX v3 quote in other layouts (same signed bytes, so signatures stay valid). */
final class QuoteBuilder {
  private QuoteBuilder() {}

  /** The SGX quote as version 4 (type-6 certification data); the quote signature no longer covers the header. */
  static byte[] sgxAsV4(byte[] v3) {
    Quote q = Quote.parse(v3);
    byte[] header = Arrays.copyOf(v3, 48);
    header[0] = 4;
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    inner.writeBytes(q.qeReport().toByteArray());
    inner.writeBytes(q.qeReportSignature());
    le16(inner, q.qeAuthData().length);
    inner.writeBytes(q.qeAuthData());
    le16(inner, q.certificationDataType());
    le32(inner, q.certificationData().length);
    inner.writeBytes(q.certificationData());
    ByteArrayOutputStream auth = new ByteArrayOutputStream();
    auth.writeBytes(q.signature());
    auth.writeBytes(q.attestationKey());
    le16(auth, 6);
    le32(auth, inner.size());
    auth.writeBytes(inner.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    out.writeBytes(q.body().toByteArray());
    le32(out, auth.size());
    out.writeBytes(auth.toByteArray());
    return out.toByteArray();
  }

  /** The SGX v3 quote with different QE authentication data (the QE report and its signature unchanged). */
  static byte[] sgxWithQeAuthData(byte[] v3, byte[] qeAuthData) {
    Quote q = Quote.parse(v3);
    ByteArrayOutputStream auth = new ByteArrayOutputStream();
    auth.writeBytes(q.signature());
    auth.writeBytes(q.attestationKey());
    auth.writeBytes(q.qeReport().toByteArray());
    auth.writeBytes(q.qeReportSignature());
    le16(auth, qeAuthData.length);
    auth.writeBytes(qeAuthData);
    le16(auth, q.certificationDataType());
    le32(auth, q.certificationData().length);
    auth.writeBytes(q.certificationData());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(v3, 0, q.signedLength());
    le32(out, auth.size());
    out.writeBytes(auth.toByteArray());
    return out.toByteArray();
  }

  private static void le16(ByteArrayOutputStream o, int v) {
    o.write(v & 0xff);
    o.write((v >>> 8) & 0xff);
  }

  private static void le32(ByteArrayOutputStream o, int v) {
    le16(o, v & 0xffff);
    le16(o, (v >>> 16) & 0xffff);
  }
}

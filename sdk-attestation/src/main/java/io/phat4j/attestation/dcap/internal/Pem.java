package io.phat4j.attestation.dcap.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads the certificates of a PEM chain in order, in one of two forms.
 *
 * <p>Lenient (the default, as dcap-qvl reads chains): every {@code CERTIFICATE} block in order,
 * its base64 body with line breaks removed; text outside the blocks and other block types are
 * ignored.
 *
 * <p>Strict (RFC 7468's strict form, opt-in): a PEM chain in a quote or in collateral is not signed
 * as text, so a lenient reader accepts changed labels, stray characters, a certificate block
 * turned into noise or a non-canonical base64 tail. In strict form every character must belong to
 * a {@code CERTIFICATE} block (or be a line break between blocks), the base64 must be canonical and
 * each certificate canonical DER. Only trailing line breaks and NUL terminators (quotes carry the
 * chain as a C string) are allowed after the last block.
 */
public final class Pem {
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";
  private static final int MAX_LINE = 76;

  private Pem() {}

  /**
   * Parses every {@code CERTIFICATE} block of a PEM text, leniently.
   *
   * @param pem the PEM text (other block types and text outside blocks are skipped)
   * @return the certificates in order (possibly empty)
   * @throws IOException if a block or certificate is malformed
   */
  public static List<X509CertificateHolder> certificates(String pem) throws IOException {
    List<X509CertificateHolder> out = new ArrayList<>();
    try {
      for (byte[] der : lenientBlocks(pem)) {
        out.add(ParsedCertificate.parse(der).holder());
      }
    } catch (RuntimeException e) {
      throw new IOException("malformed PEM: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Parses every {@code CERTIFICATE} block of a PEM text leniently, for a chain check; a block whose
   * bytes are exactly the trust anchor's is not decoded again but shares the anchor's decoding.
   *
   * @param pem the PEM text (other block types and text outside blocks are skipped)
   * @param anchor the trust anchor
   * @return the certificates in order (possibly empty)
   * @throws IOException if a block or certificate is malformed
   */
  public static List<ParsedCertificate> parsedCertificates(String pem, TrustAnchor anchor) throws IOException {
    List<ParsedCertificate> out = new ArrayList<>();
    try {
      for (byte[] der : lenientBlocks(pem)) {
        ParsedCertificate same = anchor.sameCertificate(der);
        out.add(same != null ? same : ParsedCertificate.parse(der));
      }
    } catch (RuntimeException e) {
      throw new IOException("malformed PEM: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Parses a strict PEM text (see the class comment), for a chain check; a block whose bytes are
   * exactly the trust anchor's shares the anchor's decoding.
   *
   * @param pem the PEM text
   * @param anchor the trust anchor
   * @return the certificates in order (empty if the text holds no block)
   * @throws IOException if the text, a block or a certificate is malformed or not canonical
   */
  public static List<ParsedCertificate> strictParsedCertificates(String pem, TrustAnchor anchor) throws IOException {
    List<String> bodies = strictBlocks(pem);
    List<ParsedCertificate> out = new ArrayList<>(bodies.size());
    for (String body : bodies) {
      int index = out.size();
      byte[] der = canonicalBase64(body, index);
      ParsedCertificate same = anchor.sameCertificate(der);
      out.add(same != null ? same : canonicalCertificate(der, index));
    }
    return out;
  }

  private static List<byte[]> lenientBlocks(String pem) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (PemReader r = new PemReader(new StringReader(pem))) {
      PemObject o;
      while ((o = r.readPemObject()) != null) {
        if ("CERTIFICATE".equals(o.getType())) {
          out.add(o.getContent());
        }
      }
    }
    return out;
  }

  /** The base64 bodies of a strict PEM text, line breaks removed. */
  private static List<String> strictBlocks(String pem) throws IOException {
    int end = pem.length();
    while (end > 0 && pem.charAt(end - 1) == '\0') {
      end--;
    }
    String[] lines = pem.substring(0, end).split("\r?\n", -1);
    List<String> out = new ArrayList<>();
    StringBuilder body = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (body == null) {
        if (line.equals(BEGIN)) {
          body = new StringBuilder();
        } else if (!line.isEmpty()) {
          throw new IOException("malformed PEM: line " + (i + 1) + " is outside a CERTIFICATE block");
        }
      } else if (line.equals(END)) {
        out.add(body.toString());
        body = null;
      } else if (line.isEmpty() || line.length() > MAX_LINE || !isBase64(line)) {
        throw new IOException("malformed PEM: line " + (i + 1) + " is not a base64 line");
      } else {
        body.append(line);
      }
    }
    if (body != null) {
      throw new IOException("malformed PEM: CERTIFICATE block " + out.size() + " has no END line");
    }
    return out;
  }

  private static byte[] canonicalBase64(String base64, int index) throws IOException {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IOException("malformed PEM: block " + index + " is not base64", e);
    }
    // The decoder ignores the unused bits of the last character; only the canonical text is accepted.
    if (!Base64.getEncoder().encodeToString(der).equals(base64)) {
      throw new IOException("malformed PEM: block " + index + " is not canonical base64");
    }
    return der;
  }

  private static ParsedCertificate canonicalCertificate(byte[] der, int index) throws IOException {
    try {
      ParsedCertificate cert = ParsedCertificate.parse(der);
      if (!Arrays.equals(cert.holder().toASN1Structure().getEncoded(ASN1Encoding.DER), der)) {
        throw new IOException("malformed PEM: certificate " + index + " is not DER");
      }
      return cert;
    } catch (RuntimeException e) {
      throw new IOException("malformed PEM: certificate " + index + ": " + e.getMessage(), e);
    }
  }

  private static boolean isBase64(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}

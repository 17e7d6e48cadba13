package io.phat4j.attestation.dcap.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Reads the certificates of a PEM chain in order, in RFC 7468's strict form.
 *
 * <p>Strict because a PEM chain in a quote or in collateral is not signed as text: a lenient
 * reader would accept changed labels, stray characters, a certificate block turned into noise or
 * a non-canonical base64 tail, and the text would no longer be the one that was issued. Here every
 * character must belong to a {@code CERTIFICATE} block (or be a line break between blocks), the
 * base64 must be canonical and each certificate canonical DER. Only trailing line breaks and NUL
 * terminators (quotes carry the chain as a C string) are allowed after the last block.
 */
public final class Pem {
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";
  private static final int MAX_LINE = 76;

  private Pem() {}

  /**
   * Parses every {@code CERTIFICATE} block of a strict PEM text.
   *
   * @param pem the PEM text
   * @return the certificates in order (empty if the text holds no block)
   * @throws IOException if the text, a block or a certificate is malformed
   */
  public static List<X509CertificateHolder> certificates(String pem) throws IOException {
    int end = pem.length();
    while (end > 0 && pem.charAt(end - 1) == '\0') {
      end--;
    }
    String[] lines = pem.substring(0, end).split("\r?\n", -1);
    List<X509CertificateHolder> out = new ArrayList<>();
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
        out.add(certificate(body.toString(), out.size()));
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

  private static X509CertificateHolder certificate(String base64, int index) throws IOException {
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
    try {
      X509CertificateHolder cert = new X509CertificateHolder(der);
      // BouncyCastle parses nested structures lazily; force it so corruption is a format error here.
      if (!Arrays.equals(cert.toASN1Structure().getEncoded(ASN1Encoding.DER), der)) {
        throw new IOException("malformed PEM: certificate " + index + " is not DER");
      }
      cert.getSubject().getRDNs();
      cert.getIssuer().getRDNs();
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

package io.phat4j.attestation.dcap.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Reads the certificates of a PEM chain in order. */
public final class Pem {
  private Pem() {}

  /**
   * Parses every {@code CERTIFICATE} block of a PEM text.
   *
   * @param pem the PEM text (other block types are skipped)
   * @return the certificates in order (possibly empty)
   * @throws IOException if a block or certificate is malformed
   */
  public static List<X509CertificateHolder> certificates(String pem) throws IOException {
    List<X509CertificateHolder> out = new ArrayList<>();
    try (PemReader r = new PemReader(new StringReader(pem))) {
      PemObject o;
      while ((o = r.readPemObject()) != null) {
        if ("CERTIFICATE".equals(o.getType())) {
          X509CertificateHolder cert = new X509CertificateHolder(o.getContent());
          // BouncyCastle parses nested structures lazily; force it so corruption is a format error here.
          cert.toASN1Structure().getEncoded(ASN1Encoding.DER);
          cert.getSubject().getRDNs();
          cert.getIssuer().getRDNs();
          out.add(cert);
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("malformed PEM: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Parses every {@code CERTIFICATE} block of a PEM text for a chain check; a block whose bytes are
   * exactly the trust anchor's is not decoded again but shares the anchor's decoding.
   *
   * @param pem the PEM text (other block types are skipped)
   * @param anchor the trust anchor
   * @return the certificates in order (possibly empty)
   * @throws IOException if a block or certificate is malformed
   */
  public static List<ParsedCertificate> parsedCertificates(String pem, TrustAnchor anchor) throws IOException {
    List<ParsedCertificate> out = new ArrayList<>();
    try (PemReader r = new PemReader(new StringReader(pem))) {
      PemObject o;
      while ((o = r.readPemObject()) != null) {
        if ("CERTIFICATE".equals(o.getType())) {
          byte[] der = o.getContent();
          ParsedCertificate same = anchor.sameCertificate(der);
          out.add(same != null ? same : ParsedCertificate.parse(der));
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("malformed PEM: " + e.getMessage(), e);
    }
    return out;
  }
}

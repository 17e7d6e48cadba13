package io.phat4j.attestation.ratls.internal;

import io.phat4j.attestation.ratls.RaTlsCertificateException;
import io.phat4j.attestation.ratls.RaTlsExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.jspecify.annotations.Nullable;

/** Reads certificate chains and dstack's extension payloads, within fixed bounds. */
public final class CertificateReader {
  /** The largest PEM text accepted (dstack certificates are tens of kilobytes). */
  public static final int MAX_PEM_CHARS = 4 * 1024 * 1024;

  /** The most certificates a chain may hold. */
  public static final int MAX_CHAIN = 16;

  /** dstack's bound on a decompressed legacy event log ({@code MAX_EVENTLOG_EXT_SIZE}). */
  public static final int MAX_EVENT_LOG_GZ = 16 * 1024;

  private static final byte[] GZIP_MAGIC = "ELGZv1".getBytes(StandardCharsets.US_ASCII);
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private CertificateReader() {}

  /**
   * Parses every CERTIFICATE block of a PEM text, in order.
   *
   * @param pem the text
   * @return the certificates (at least one)
   */
  public static List<X509Certificate> pemChain(String pem) {
    if (pem.length() > MAX_PEM_CHARS) {
      throw chainError("PEM text of " + pem.length() + " characters exceeds the bound of " + MAX_PEM_CHARS, null);
    }
    List<X509Certificate> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int b = pem.indexOf(BEGIN, from);
      if (b < 0) {
        break;
      }
      int e = pem.indexOf(END, b);
      if (e < 0) {
        throw chainError("certificate " + out.size() + " has no END line", null);
      }
      if (out.size() == MAX_CHAIN) {
        throw chainError("more than " + MAX_CHAIN + " certificates", null);
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(pem.substring(b + BEGIN.length(), e).strip());
      } catch (IllegalArgumentException ex) {
        throw chainError("certificate " + out.size() + " is not base64", ex);
      }
      out.add(der(der, out.size()));
      from = e + END.length();
    }
    if (out.isEmpty()) {
      throw chainError("no CERTIFICATE block", null);
    }
    return List.copyOf(out);
  }

  /**
   * Parses one DER certificate.
   *
   * @param der the encoding
   * @param index its place in the chain, for messages
   * @return the certificate
   */
  public static X509Certificate der(byte[] der, int index) {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw chainError("certificate " + index + " is not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Returns a certificate's SubjectPublicKeyInfo exactly as its DER encoding holds it.
   *
   * @param cert the certificate
   * @return the DER SubjectPublicKeyInfo
   */
  public static byte[] subjectPublicKeyInfo(X509Certificate cert) {
    try {
      return Certificate.getInstance(cert.getEncoded()).getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
    } catch (CertificateException | IOException | RuntimeException e) {
      throw chainError("the leaf's SubjectPublicKeyInfo does not decode", e);
    }
  }

  /**
   * Returns the payload of one of dstack's extensions: the extension value is DER, an OCTET
   * STRING holding the payload.
   *
   * @param cert the certificate
   * @param ext the extension
   * @return the payload, or null when the certificate has no such extension
   */
  public static byte @Nullable [] extension(X509Certificate cert, RaTlsExtension ext) {
    byte[] wrapped = cert.getExtensionValue(ext.oid());
    if (wrapped == null) {
      return null;
    }
    try {
      byte[] value = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(wrapped)).getOctets();
      ASN1Primitive inner = ASN1Primitive.fromByteArray(value);
      if (!(inner instanceof ASN1OctetString os)) {
        throw new RaTlsCertificateException(ext, "value is not a DER OCTET STRING", null);
      }
      return os.getOctets();
    } catch (IOException | RuntimeException e) {
      if (e instanceof RaTlsCertificateException r) {
        throw r;
      }
      throw new RaTlsCertificateException(ext, "value is not a DER OCTET STRING", e);
    }
  }

  /**
   * Returns the legacy event log's JSON, decompressing dstack's {@code ELGZv1} gzip form within
   * dstack's bound.
   *
   * @param payload the event log extension's payload
   * @return the JSON text
   */
  public static String legacyEventLog(byte[] payload) {
    byte[] json = payload;
    if (startsWith(payload, GZIP_MAGIC)) {
      try (InputStream in = new GZIPInputStream(
          new ByteArrayInputStream(payload, GZIP_MAGIC.length, payload.length - GZIP_MAGIC.length))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) > 0) {
          out.write(chunk, 0, n);
          if (out.size() > MAX_EVENT_LOG_GZ) {
            throw new RaTlsCertificateException(RaTlsExtension.EVENT_LOG,
                "decompressed event log exceeds dstack's bound of " + MAX_EVENT_LOG_GZ + " bytes", null);
          }
        }
        json = out.toByteArray();
      } catch (IOException e) {
        throw new RaTlsCertificateException(RaTlsExtension.EVENT_LOG, "gzip data is corrupt", e);
      }
    }
    return new String(json, StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static RaTlsCertificateException chainError(String problem, @Nullable Throwable cause) {
    return new RaTlsCertificateException("certificate chain", problem, cause);
  }
}

package io.phat4j.attestation.dcap;

import io.phat4j.attestation.dcap.internal.Pem;
import io.phat4j.core.DecodeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A PCK certificate chain (PEM: PCK leaf, PCK CA, root), parsed but not verified: what a collateral
 * source needs to fetch collateral (FMSPC, CA type). {@link QuoteVerifier} does the verification.
 *
 * <p>Immutable and thread-safe.
 */
public final class PckCertChain {
  private final List<X509CertificateHolder> certs;
  private final PckExtension extension;
  private final PckCaType caType;

  private PckCertChain(List<X509CertificateHolder> certs) {
    this.certs = List.copyOf(certs);
    this.extension = PckExtension.fromCertificate(certs.get(0));
    String issuerCn = "";
    try {
      for (RDN rdn : certs.get(0).getIssuer().getRDNs(BCStyle.CN)) {
        issuerCn = IETFUtils.valueToString(rdn.getFirst().getValue());
      }
    } catch (RuntimeException e) {
      throw new DecodeException("pck_certificate_chain", -1, "PCK leaf has a malformed issuer name", e);
    }
    // The name only picks which CRL to fetch ("Intel SGX PCK Platform CA", or a test PKI's
    // "<prefix> SGX PCK Platform CA"); trust comes from the chain to the verifier's anchor.
    if (issuerCn.endsWith("SGX PCK Processor CA")) {
      caType = PckCaType.PROCESSOR;
    } else if (issuerCn.endsWith("SGX PCK Platform CA")) {
      caType = PckCaType.PLATFORM;
    } else {
      throw new DecodeException("pck_certificate_chain", "PCK leaf issuer '" + issuerCn + "' is not an SGX PCK CA");
    }
  }

  /**
   * Parses a PEM chain.
   *
   * @param pem the chain, PCK leaf first
   * @return the parsed chain
   * @throws DecodeException if it holds no certificate, a malformed one, or a leaf without the SGX extension
   */
  public static PckCertChain parse(String pem) {
    List<X509CertificateHolder> certs;
    try {
      certs = Pem.certificates(pem);
    } catch (IOException e) {
      throw new DecodeException("pck_certificate_chain", -1, "is not a valid PEM certificate chain", e);
    }
    if (certs.isEmpty()) {
      throw new DecodeException("pck_certificate_chain", "contains no certificate");
    }
    return new PckCertChain(certs);
  }

  /**
   * Parses the chain carried in a quote (certification data type 5).
   *
   * @param quote the quote
   * @return the parsed chain
   * @throws DecodeException if the quote carries no chain (e.g. type 3, encrypted PPID) or it is malformed
   */
  public static PckCertChain fromQuote(Quote quote) {
    String pem = quote.pckCertChainPem();
    if (pem == null) {
      throw new DecodeException("certification_data_type",
          "quote carries certification data type " + quote.certificationDataType() + ", not a PCK chain (5)");
    }
    return parse(pem);
  }

  /**
   * Returns the SGX extension of the PCK leaf certificate.
   *
   * @return the extension (FMSPC, PPID, SVNs)
   */
  public PckExtension extension() {
    return extension;
  }

  /**
   * Returns which CA issued the leaf.
   *
   * @return processor or platform
   */
  public PckCaType caType() {
    return caType;
  }

  /**
   * Returns the DER encodings of the certificates, leaf first.
   *
   * @return fresh arrays
   */
  public List<byte[]> certificatesDer() {
    List<byte[]> out = new ArrayList<>(certs.size());
    for (X509CertificateHolder c : certs) {
      try {
        out.add(c.getEncoded());
      } catch (IOException e) {
        throw new IllegalStateException("re-encoding a parsed certificate failed", e);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "PckCertChain[" + certs.size() + " certificates, caType=" + caType + ", " + extension + "]";
  }
}

package io.phat4j.testkit;

import io.phat4j.testkit.internal.Pem;
import java.math.BigInteger;
import java.security.cert.X509Certificate;

/**
 * A PCK leaf certificate issued by a {@link DcapTestPki}, with the private key that signs QE
 * reports and the SGX extension values it carries.
 *
 * <p>Immutable and thread-safe. {@code toString()} never shows the private key.
 */
public final class PckCredential {
  private final X509Certificate certificate;
  private final byte[] der;
  private final TestSigningKey key;
  private final SgxExtensionSpec extension;
  private final String chainPem;

  PckCredential(X509Certificate certificate, byte[] der, TestSigningKey key, SgxExtensionSpec extension, String chainPem) {
    this.certificate = certificate;
    this.der = der.clone();
    this.key = key;
    this.extension = extension;
    this.chainPem = chainPem;
  }

  /**
   * Returns the certificate.
   *
   * @return the X.509 certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Returns the DER encoding of the certificate.
   *
   * @return a fresh array
   */
  public byte[] der() {
    return der.clone();
  }

  /**
   * Returns the serial number, e.g. to list it in a PCK CRL.
   *
   * @return the serial
   */
  public BigInteger serial() {
    return certificate.getSerialNumber();
  }

  /**
   * Returns the key that signs QE reports (the PCK private key).
   *
   * @return the key
   */
  public TestSigningKey key() {
    return key;
  }

  /**
   * Returns the SGX extension values in the certificate.
   *
   * @return the extension
   */
  public SgxExtensionSpec extension() {
    return extension;
  }

  /**
   * Returns this certificate alone as PEM.
   *
   * @return the PEM block
   */
  public String pem() {
    return Pem.certificate(der);
  }

  /**
   * Returns the PCK chain as concatenated PEM: this leaf, the PCK CA, the root CA (the content of
   * certification data type 5 and of collateral {@code pck_certificate_chain}).
   *
   * @return the PEM chain
   */
  public String chainPem() {
    return chainPem;
  }

  @Override
  public String toString() {
    return "PckCredential[serial=" + serial().toString(16) + ", " + extension + "]";
  }
}

package io.phat4j.attestation.ratls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds test certificates with dstack's extensions, signed by a throwaway CA. */
final class TestCerts {
  static final String FIXTURE = "/ratls/tdx-lite-v0-get-tls-key.pem";

  private TestCerts() {}

  static String resource(String path) {
    try (InputStream in = TestCerts.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static KeyPair ecKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A leaf for {@code subjectKey}, carrying each payload in dstack's OCTET STRING form. */
  static X509Certificate leaf(PublicKey subjectKey, KeyPair ca, Map<RaTlsExtension, byte[]> extensions) {
    return leaf(SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()), ca, extensions);
  }

  static X509Certificate leaf(SubjectPublicKeyInfo spki, KeyPair ca, Map<RaTlsExtension, byte[]> extensions) {
    try {
      X509v3CertificateBuilder b = new X509v3CertificateBuilder(
          new X500Name("CN=Test CA"), BigInteger.valueOf(System.nanoTime()),
          new Date(System.currentTimeMillis() - 3_600_000L), new Date(System.currentTimeMillis() + 86_400_000L),
          new X500Name("CN=ratls-test.local"), spki);
      for (Map.Entry<RaTlsExtension, byte[]> e : extensions.entrySet()) {
        b.addExtension(new ASN1ObjectIdentifier(e.getKey().oid()), false, new DEROctetString(e.getValue()));
      }
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.phat4j.attestation.gpu;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Test certificates made with BouncyCastle: P-384 CAs, OCSP responders, and Blackwell-style GPU
 * leaves whose FWID sits in a DICE TcbInfo. No real Blackwell data exists in this repository; these
 * only follow the structure described in the TCG DICE specification and NVIDIA's parser.
 */
final class TestGpuPki {
  static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
  static final Instant NOT_AFTER = Instant.parse("2099-01-01T00:00:00Z");
  private static final AtomicLong SERIAL = new AtomicLong(1000);

  /** A certificate with its key. */
  record Issued(X509Certificate cert, KeyPair key) {}

  private TestGpuPki() {}

  static KeyPair p384() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Issued root(String cn) {
    return issue(cn, null, true, null);
  }

  static Issued ca(String cn, Issued issuer) {
    return issue(cn, issuer, true, null);
  }

  static Issued leaf(String cn, Issued issuer, @Nullable Extension extra) {
    return issue(cn, issuer, false, extra);
  }

  /** A delegated OCSP responder (id-kp-OCSPSigning) or, with {@code eku} false, one without. */
  static Issued responder(String cn, Issued issuer, boolean eku) {
    return issue(cn, issuer, false, eku
        ? new Extension(Extension.extendedKeyUsage, false, encoded(new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning)))
        : null);
  }

  static Issued issue(String cn, @Nullable Issued issuer, boolean ca, @Nullable Extension extra) {
    try {
      KeyPair key = p384();
      X500Name subject = new X500Name("CN=" + cn + ", O=phat4j test");
      X500Name issuerName = issuer == null ? subject
          : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(NOT_BEFORE), Date.from(NOT_AFTER),
          subject, key.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(ca
          ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature
          : KeyUsage.digitalSignature));
      if (extra != null) {
        b.addExtension(extra);
      }
      KeyPair signer = issuer == null ? key : issuer.key();
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(signer.getPrivate())));
      return new Issued(cert, key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The 2.23.133.5.4.1 extension as a DICE TcbInfo: vendor, model, version, svn, layer, index,
   * then fwids with an SHA-256 entry first and the SHA-384 FWID second, then flags.
   */
  static Extension tcbInfo(byte[] fwid384) {
    ASN1EncodableVector sha256Fwid = new ASN1EncodableVector();
    sha256Fwid.add(NISTObjectIdentifiers.id_sha256);
    sha256Fwid.add(new DEROctetString(new byte[32]));
    ASN1EncodableVector sha384Fwid = new ASN1EncodableVector();
    sha384Fwid.add(NISTObjectIdentifiers.id_sha384);
    sha384Fwid.add(new DEROctetString(fwid384));
    ASN1EncodableVector fwids = new ASN1EncodableVector();
    fwids.add(new DERSequence(sha256Fwid));
    fwids.add(new DERSequence(sha384Fwid));
    ASN1EncodableVector info = new ASN1EncodableVector();
    info.add(new DERTaggedObject(false, 0, new DERUTF8String("NVIDIA")));
    info.add(new DERTaggedObject(false, 1, new DERUTF8String("GB100")));
    info.add(new DERTaggedObject(false, 2, new DERUTF8String("test")));
    info.add(new DERTaggedObject(false, 3, new ASN1Integer(1)));
    info.add(new DERTaggedObject(false, 4, new ASN1Integer(0)));
    info.add(new DERTaggedObject(false, 5, new ASN1Integer(0)));
    info.add(new DERTaggedObject(false, 6, new DERSequence(fwids)));
    info.add(new DERTaggedObject(false, 7, new DEROctetString(new byte[] {0})));
    return new Extension(new org.bouncycastle.asn1.ASN1ObjectIdentifier("2.23.133.5.4.1"), true,
        encoded(new DERSequence(info)));
  }

  private static byte[] encoded(org.bouncycastle.asn1.ASN1Object o) {
    try {
      return o.getEncoded();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Builds a signed SPDM 1.1 GET_MEASUREMENTS report as the GPU returns it: request, response with
   * {@code blocks} SHA-384 measurement blocks, responder nonce, opaque TLVs, and an ECDSA
   * P-384/SHA-384 signature (raw r‖s) by {@code signer}.
   */
  static byte[] spdmReport(byte[] nonce, int blocks, List<byte[]> opaqueTlvs, KeyPair signer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x11, (byte) 0xE0, 0x01, (byte) 0xFF});
    out.writeBytes(nonce);
    out.write(0);
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    for (int i = 1; i <= blocks; i++) {
      record.write(i);
      record.write(1);
      le16(record, 3 + 48);
      record.write(0x01);
      le16(record, 48);
      byte[] digest = new byte[48];
      digest[0] = (byte) i;
      record.writeBytes(digest);
    }
    out.writeBytes(new byte[] {0x11, 0x60, 0, 0, (byte) blocks});
    int len = record.size();
    out.writeBytes(new byte[] {(byte) len, (byte) (len >> 8), (byte) (len >> 16)});
    out.writeBytes(record.toByteArray());
    out.writeBytes(new byte[32]);
    ByteArrayOutputStream opaque = new ByteArrayOutputStream();
    opaqueTlvs.forEach(opaque::writeBytes);
    le16(out, opaque.size());
    out.writeBytes(opaque.toByteArray());
    try {
      Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
      s.initSign(signer.getPrivate());
      s.update(out.toByteArray());
      out.writeBytes(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  static byte[] tlv(int type, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    le16(out, type);
    le16(out, value.length);
    out.writeBytes(value);
    return out.toByteArray();
  }

  static byte[] ascii(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] z = new byte[b.length + 1];
    System.arraycopy(b, 0, z, 0, b.length);
    return z;
  }

  private static void le16(ByteArrayOutputStream out, int v) {
    out.write(v & 0xff);
    out.write((v >> 8) & 0xff);
  }

  /** A five-certificate GPU-style chain: leaf, BROM, provisioner ICA, identity CA, root. */
  record GpuChain(Issued root, List<Issued> certs) {
    List<X509Certificate> chain() {
      List<X509Certificate> out = new ArrayList<>();
      certs.forEach(c -> out.add(c.cert()));
      return out;
    }

    Issued leaf() {
      return certs.get(0);
    }
  }

  static GpuChain gpuChain(@Nullable Extension leafExtension) {
    Issued root = root("Test Device Identity CA");
    Issued identity = ca("Test GB100 Identity", root);
    Issued ica = ca("Test GB100 Provisioner ICA 1", identity);
    Issued brom = ca("Test GB100 A01 GSP BROM", ica);
    Issued leaf = leaf("Test GB100 A01 GSP FMC LF", brom, leafExtension);
    return new GpuChain(root, List.of(leaf, brom, ica, identity, root));
  }
}

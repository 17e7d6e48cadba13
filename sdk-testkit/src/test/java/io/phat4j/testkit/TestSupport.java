package io.phat4j.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/** Shared fixtures and independent decoders for the tests (no code shared with the generator). */
final class TestSupport {
  static final Instant T0 = Instant.parse("2025-07-01T00:00:00Z");
  static final DcapTestPki PKI = pki("testkit-tests");

  private TestSupport() {}

  static DcapTestPki pki(String seed) {
    return DcapTestPki.builder().seed(seed).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  }

  /** Typed view of BouncyCastle's raw revoked-entry collection. */
  static List<org.bouncycastle.cert.X509CRLEntryHolder> revoked(org.bouncycastle.cert.X509CRLHolder crl) {
    List<org.bouncycastle.cert.X509CRLEntryHolder> out = new ArrayList<>();
    for (Object o : crl.getRevokedCertificates()) {
      out.add((org.bouncycastle.cert.X509CRLEntryHolder) o);
    }
    return out;
  }

  static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  static long u32(byte[] b, int off) {
    return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
  }

  static boolean verifyRaw(PublicKey key, byte[] message, byte[] rawSignature) throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initVerify(key);
    s.update(message);
    return s.verify(rawSignature);
  }

  /** Parses every PEM certificate block in order, like the verifiers do. */
  static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
    Matcher m = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL)
        .matcher(pem);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    while (m.find()) {
      byte[] der = java.util.Base64.getMimeDecoder().decode(m.group(1));
      out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
    }
    return out;
  }

  static String resource(String name) throws IOException {
    try (InputStream in = TestSupport.class.getResourceAsStream("real/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Decodes the SGX extension into OID suffix (e.g. "2.17") to value, flattening the nested sequences. */
  static Map<String, ASN1Primitive> sgxExtensionValues(X509Certificate cert) throws IOException {
    byte[] octets = cert.getExtensionValue(SgxExtensionSpec.OID);
    ASN1Primitive outer = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(octets)).getOctets().length > 0
        ? ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(octets)).getOctets())
        : null;
    Map<String, ASN1Primitive> values = new LinkedHashMap<>();
    flatten(ASN1Sequence.getInstance(outer), values);
    return values;
  }

  private static void flatten(ASN1Sequence seq, Map<String, ASN1Primitive> into) {
    for (ASN1Encodable e : seq) {
      ASN1Sequence pair = ASN1Sequence.getInstance(e);
      String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
      ASN1Primitive value = pair.getObjectAt(1).toASN1Primitive();
      String suffix = oid.substring(SgxExtensionSpec.OID.length() + 1);
      if (value instanceof ASN1Sequence inner) {
        into.put(suffix, value);
        flatten(inner, into);
      } else {
        into.put(suffix, value);
      }
    }
  }
}

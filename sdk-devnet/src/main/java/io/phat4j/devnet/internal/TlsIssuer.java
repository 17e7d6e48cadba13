package io.phat4j.devnet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.CryptoException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues {@code GetTlsKey} certificates for one CVM: a fresh P-256 key per call, signed by the
 * CVM's app CA (a random P-256 key made at CVM creation; its certificate is {@code Info.app_cert}).
 *
 * <p>With {@code usage_ra_tls} the leaf carries a quote whose report data is
 * SHA-512("ratls-cert:" ‖ SubjectPublicKeyInfo DER) and the event log, under the OIDs
 * 1.3.6.1.4.1.62397.1.1 and 1.3.6.1.4.1.62397.1.2 (dstack's RA-TLS arc; the exact layout dstack
 * uses is unconfirmed, so RA-TLS verifiers should treat these certificates as devnet-only).
 */
final class TlsIssuer {
  private static final ASN1ObjectIdentifier QUOTE_OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.62397.1.1");
  private static final ASN1ObjectIdentifier EVENT_LOG_OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.62397.1.2");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair caKey;
  private final X509CertificateHolder caCert;
  private final X500Name caName;

  TlsIssuer(String appName) {
    this.caKey = p256();
    this.caName = new X500Name("CN=" + escape(appName) + " App CA,O=phat4j devnet");
    Instant now = Instant.now();
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caName, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), caName,
          caKey.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      this.caCert = b.build(signer(caKey));
    } catch (IOException e) {
      throw new CryptoException("cannot make the devnet app CA certificate", e);
    }
  }

  String caCertificatePem() {
    return pem(caCert);
  }

  ObjectNode issue(JsonNode body, Cvm cvm, Platform platform) {
    String subject = body.path("subject").asText("");
    List<GeneralName> names = new ArrayList<>();
    for (JsonNode n : body.path("alt_names")) {
      names.add(new GeneralName(GeneralName.dNSName, n.asText()));
    }
    boolean raTls = body.path("usage_ra_tls").asBoolean(false);
    boolean serverAuth = body.path("usage_server_auth").asBoolean(true);
    boolean clientAuth = body.path("usage_client_auth").asBoolean(false);
    KeyPair leaf = p256();
    Instant now = Instant.now();
    try {
      X500Name leafName = new X500Name("CN=" + escape(subject.isEmpty() ? cvm.app().name() : subject));
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caName, serial(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(365))), leafName,
          leaf.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      List<KeyPurposeId> purposes = new ArrayList<>();
      if (serverAuth) {
        purposes.add(KeyPurposeId.id_kp_serverAuth);
      }
      if (clientAuth) {
        purposes.add(KeyPurposeId.id_kp_clientAuth);
      }
      if (!purposes.isEmpty()) {
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
      }
      if (!names.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      if (raTls) {
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update("ratls-cert:".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] reportData = sha512.digest(leaf.getPublic().getEncoded());
        MeasuredLog.Snapshot snap = cvm.log().snapshot();
        byte[] quote = platform.quotes().quote(snap.mrtd(), snap.rtmrs(), reportData);
        b.addExtension(QUOTE_OID, false, new DEROctetString(quote));
        b.addExtension(EVENT_LOG_OID, false, new DEROctetString(
            snap.eventLogJson().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      X509CertificateHolder cert = b.build(signer(caKey));
      ObjectNode o = HttpRequests.JSON.createObjectNode();
      o.put("key", pem(leaf.getPrivate()));
      o.putArray("certificate_chain").add(pem(cert)).add(pem(caCert));
      return o;
    } catch (IOException | GeneralSecurityException e) {
      throw new CryptoException("cannot issue a devnet TLS certificate", e);
    }
  }

  private static KeyPair p256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new CryptoException("P-256 is not available", e);
    }
  }

  private static org.bouncycastle.operator.ContentSigner signer(KeyPair key) {
    try {
      return new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
    } catch (OperatorCreationException e) {
      throw new CryptoException("cannot sign a devnet certificate", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(159, RANDOM).setBit(0);
  }

  private static String escape(String name) {
    return name.replaceAll("[,+=\"\\\\<>;#]", "_");
  }

  private static String pem(Object o) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o instanceof java.security.PrivateKey k
          ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
    } catch (IOException e) {
      throw new CryptoException("cannot write PEM", e);
    }
    return w.toString();
  }
}

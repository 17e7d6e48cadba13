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
import io.phat4j.attestation.ratls.AttestationWireFormat;
import io.phat4j.attestation.ratls.RaTlsExtension;
import io.phat4j.attestation.ratls.internal.AttestationDecoder;
import io.phat4j.attestation.ratls.internal.AttestationEncoder;
import io.phat4j.attestation.ratls.internal.DecodedAttestation;
import io.phat4j.attestation.ratls.internal.TdxEvent;
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
 * Issues {@code GetTlsKey} (v0) and {@code IssueCert} (v1) certificates for one CVM: a fresh P-256
 * key per call, signed by the CVM's app CA (a random P-256 key made at CVM creation; its
 * certificate is {@code Info.app_cert}).
 *
 * <p>With {@code usage_ra_tls} the leaf carries what dstack's guest agent writes: the attestation
 * extension 1.3.6.1.4.1.62397.1.8 (SCALE v0 for {@code GetTlsKey}, msgpack v1 for
 * {@code IssueCert}) whose quote and declared report data are SHA-512("ratls-cert:" ‖
 * SubjectPublicKeyInfo DER), the app id (…1.3) and the special usage {@code app:custom} (…1.4).
 * Unlike dstack, the devnet embeds the whole event log (dstack strips boot-time payloads), so
 * every RTMR replays without the OS image's measurement files. The quotes are devnet-rooted:
 * they verify only against the devnet's PCCS root.
 */
final class TlsIssuer {
  private static final ASN1ObjectIdentifier APP_ID_OID = new ASN1ObjectIdentifier(RaTlsExtension.APP_ID.oid());
  private static final ASN1ObjectIdentifier USAGE_OID = new ASN1ObjectIdentifier(RaTlsExtension.SPECIAL_USAGE.oid());
  private static final ASN1ObjectIdentifier ATTESTATION_OID = new ASN1ObjectIdentifier(RaTlsExtension.ATTESTATION.oid());
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

  /**
   * Issues a key and its chain (leaf, app CA).
   *
   * @param body the request ({@code subject}, {@code alt_names}, {@code usage_*})
   * @param cvm the CVM
   * @param platform the platform (quotes)
   * @param v1 whether the v1 {@code IssueCert} asked (msgpack v1 attestation) rather than v0
   * @param vmConfig the CVM's vm_config JSON, carried as the attestation's config
   * @return {@code {key, certificate_chain}}
   */
  ObjectNode issue(JsonNode body, Cvm cvm, Platform platform, boolean v1, String vmConfig) {
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
        DecodedAttestation attestation = attestation(snap, quote, reportData, vmConfig, v1);
        byte[] encoded = v1 ? AttestationEncoder.msgpackV1(attestation) : AttestationEncoder.scaleV0(attestation);
        b.addExtension(APP_ID_OID, false, new DEROctetString(cvm.appId().toByteArray()));
        b.addExtension(USAGE_OID, false, new DEROctetString("app:custom".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        b.addExtension(ATTESTATION_OID, false, new DEROctetString(encoded));
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

  private static DecodedAttestation attestation(
      MeasuredLog.Snapshot snap, byte[] quote, byte[] reportData, String vmConfig, boolean v1) {
    List<TdxEvent> events = new ArrayList<>();
    List<TdxEvent> runtime = new ArrayList<>();
    for (MeasuredLog.Entry e : snap.entries()) {
      events.add(new TdxEvent(e.imr(), e.eventType(), e.digest(), e.event(), e.payload(), 1, null));
      if (e.eventType() == AttestationDecoder.DSTACK_RUNTIME_EVENT_TYPE) {
        runtime.add(new TdxEvent(3, e.eventType(), new byte[0], e.event(), e.payload(), 1, null));
      }
    }
    return new DecodedAttestation(v1 ? AttestationWireFormat.V1_MSGPACK : AttestationWireFormat.V0_SCALE,
        quote, events, runtime, reportData, vmConfig);
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

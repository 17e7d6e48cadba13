package io.phat4j.attestation.gpu.internal;

import io.phat4j.attestation.gpu.OcspException;
import io.phat4j.attestation.gpu.OcspResult;
import io.phat4j.attestation.gpu.OcspStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaRespID;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Builds OCSP requests the way NVIDIA's verifier does (SHA-384 CertID, critical nonce extension)
 * and verifies responses: successful, signed by the issuer or by a delegated responder that chains
 * to the pinned root and carries {@code id-kp-OCSPSigning}, the nonce echoed, an answer for the
 * CertID asked about, and fresh.
 */
public final class OcspMessages {
  private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

  private OcspMessages() {}

  /**
   * A request ready to send, with what its answer must match.
   *
   * @param der the DER {@code OCSPRequest}
   * @param certId the CertID asked about
   * @param nonceExtension the encoded nonce extension value sent, or null without a nonce
   */
  public record Request(byte[] der, CertificateID certId, byte @Nullable [] nonceExtension) {}

  /**
   * Builds a request for one certificate.
   *
   * @param certificate the certificate to ask about
   * @param issuer its issuer
   * @param nonce the nonce to send, or null to send none
   * @return the request
   * @throws OcspException if the CertID cannot be computed
   */
  public static Request request(X509Certificate certificate, X509Certificate issuer, byte @Nullable [] nonce) {
    try {
      DigestCalculator sha384 = new JcaDigestCalculatorProviderBuilder().build()
          .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384));
      CertificateID id = new CertificateID(sha384, new JcaX509CertificateHolder(issuer),
          certificate.getSerialNumber());
      OCSPReqBuilder b = new OCSPReqBuilder().addRequest(id);
      byte[] ext = null;
      if (nonce != null) {
        ext = new DEROctetString(nonce).getEncoded();
        b.setRequestExtensions(new Extensions(
            new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, true, ext)));
      }
      return new Request(b.build().getEncoded(), id, ext);
    } catch (OperatorCreationException | CertificateEncodingException | OCSPException | IOException e) {
      throw new OcspException("cannot build the OCSP request: " + e.getMessage(), e);
    }
  }

  /**
   * Verifies a response to {@code request}.
   *
   * @param der the DER {@code OCSPResponse}
   * @param request what was sent
   * @param issuerChain the certificate's issuer first, ending with the pinned trust anchor
   * @param now the time to judge freshness and the responder certificate at
   * @param skew how far {@code thisUpdate} may lie in the future and {@code nextUpdate} in the past
   * @param maxAgeWithoutNextUpdate how old an answer without {@code nextUpdate} may be
   * @return the verified answer
   * @throws OcspException if anything does not hold
   */
  public static OcspResult verify(byte[] der, Request request, List<X509Certificate> issuerChain,
      Instant now, Duration skew, Duration maxAgeWithoutNextUpdate) {
    BasicOCSPResp basic = basic(der);
    X509Certificate issuer = issuerChain.get(0);
    X509Certificate responder = responder(basic, issuer, issuerChain, now);
    try {
      if (!basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder))) {
        throw new OcspException("OCSP response signature does not verify with the responder certificate "
            + responder.getSubjectX500Principal().getName(), null);
      }
    } catch (OCSPException | OperatorCreationException e) {
      throw new OcspException("OCSP response signature could not be checked: " + e.getMessage(), e);
    }
    if (request.nonceExtension() != null) {
      Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
      if (echoed == null) {
        throw new OcspException("OCSP response carries no nonce; one was sent", null);
      }
      if (!MessageDigest.isEqual(echoed.getExtnValue().getOctets(), request.nonceExtension())) {
        throw new OcspException("OCSP response nonce is not the one sent", null);
      }
    }
    SingleResp single = null;
    for (SingleResp r : basic.getResponses()) {
      if (r.getCertID().equals(request.certId())) {
        single = r;
      }
    }
    if (single == null) {
      throw new OcspException("OCSP response has no answer for serial "
          + request.certId().getSerialNumber(), null);
    }
    Instant thisUpdate = single.getThisUpdate().toInstant();
    Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
    if (thisUpdate.isAfter(now.plus(skew))) {
      throw new OcspException("OCSP answer thisUpdate " + thisUpdate + " lies in the future (now " + now + ")", null);
    }
    if (nextUpdate != null && !now.isBefore(nextUpdate.plus(skew))) {
      throw new OcspException("OCSP answer is stale: nextUpdate " + nextUpdate + " has passed (now " + now + ")",
          null);
    }
    if (nextUpdate == null && thisUpdate.plus(maxAgeWithoutNextUpdate).isBefore(now)) {
      throw new OcspException("OCSP answer without nextUpdate is older than " + maxAgeWithoutNextUpdate
          + ": thisUpdate " + thisUpdate, null);
    }
    Object status = single.getCertStatus();
    if (status == null) {
      return new OcspResult(OcspStatus.GOOD, thisUpdate, nextUpdate, null, null);
    }
    if (status instanceof RevokedStatus revoked) {
      Integer reason = revoked.hasRevocationReason() ? revoked.getRevocationReason() : null;
      return new OcspResult(OcspStatus.REVOKED, thisUpdate, nextUpdate,
          revoked.getRevocationTime().toInstant(), reason);
    }
    if (status instanceof UnknownStatus) {
      return new OcspResult(OcspStatus.UNKNOWN, thisUpdate, nextUpdate, null, null);
    }
    throw new OcspException("OCSP answer has an unrecognised status", null);
  }

  private static BasicOCSPResp basic(byte[] der) {
    OCSPResp resp;
    try {
      resp = new OCSPResp(der);
    } catch (IOException | RuntimeException e) {
      throw new OcspException("malformed OCSP response: " + e.getMessage(), e);
    }
    if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
      throw new OcspException("OCSP responder answered with status " + resp.getStatus()
          + " (not successful)", null);
    }
    try {
      if (resp.getResponseObject() instanceof BasicOCSPResp b) {
        return b;
      }
      throw new OcspException("OCSP response is not a basic OCSP response", null);
    } catch (OCSPException | RuntimeException e) {
      throw new OcspException("malformed OCSP response body: " + e.getMessage(), e);
    }
  }

  /** Finds the certificate the response names as its signer and checks it may sign for the issuer. */
  private static X509Certificate responder(BasicOCSPResp basic, X509Certificate issuer,
      List<X509Certificate> issuerChain, Instant now) {
    List<X509Certificate> embedded = new ArrayList<>();
    for (X509CertificateHolder h : basic.getCerts()) {
      embedded.add(x509(h));
    }
    RespID id = basic.getResponderId();
    if (names(id, issuer)) {
      return issuer;
    }
    for (X509Certificate c : embedded) {
      if (!names(id, c)) {
        continue;
      }
      if (!hasOcspSigning(c)) {
        throw new OcspException("OCSP responder " + c.getSubjectX500Principal().getName()
            + " is not the issuer and lacks the id-kp-OCSPSigning extended key usage", null);
      }
      List<X509Certificate> intermediates = new ArrayList<>(embedded);
      intermediates.addAll(issuerChain.subList(0, issuerChain.size() - 1));
      Optional<String> problem =
          CertPaths.build(c, intermediates, issuerChain.get(issuerChain.size() - 1), now);
      if (problem.isPresent()) {
        throw new OcspException("OCSP responder certificate does not chain to the pinned root: "
            + problem.get(), null);
      }
      return c;
    }
    throw new OcspException("OCSP response is signed by a responder that is neither the issuer nor"
        + " a certificate it carries", null);
  }

  private static boolean names(RespID id, X509Certificate c) {
    try {
      DigestCalculator sha1 = new JcaDigestCalculatorProviderBuilder().build()
          .get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1));
      return id.equals(new RespID(new JcaX509CertificateHolder(c).getSubject()))
          || id.equals(new JcaRespID(c.getPublicKey(), sha1));
    } catch (OperatorCreationException | CertificateEncodingException | OCSPException e) {
      return false;
    }
  }

  private static boolean hasOcspSigning(X509Certificate c) {
    try {
      List<String> eku = c.getExtendedKeyUsage();
      return eku != null && eku.contains(OCSP_SIGNING);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  private static X509Certificate x509(X509CertificateHolder h) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(h.getEncoded()));
    } catch (CertificateException | IOException e) {
      throw new OcspException("OCSP response carries a malformed certificate: " + e.getMessage(), e);
    }
  }
}

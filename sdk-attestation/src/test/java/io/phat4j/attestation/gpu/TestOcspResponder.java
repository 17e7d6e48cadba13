package io.phat4j.attestation.gpu;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.jspecify.annotations.Nullable;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real OCSP responder over loopback: parses each BouncyCastle-decoded request and answers with a
 * BouncyCastle-built, signed response, shaped by the fields below (set them before a request).
 */
final class TestOcspResponder extends Dispatcher {
  enum NonceMode { ECHO, WRONG, NONE }

  volatile TestGpuPki.Issued signer;
  volatile @Nullable KeyPair signWith;
  volatile @Nullable CertificateStatus status = CertificateStatus.GOOD;
  volatile NonceMode nonceMode = NonceMode.ECHO;
  volatile Instant thisUpdate;
  volatile @Nullable Instant nextUpdate;
  volatile boolean answerOtherSerial;
  volatile int httpStatus = 200;
  volatile boolean garbage;
  final CopyOnWriteArrayList<OCSPReq> requests = new CopyOnWriteArrayList<>();
  final CopyOnWriteArrayList<String> contentTypes = new CopyOnWriteArrayList<>();

  TestOcspResponder(TestGpuPki.Issued signer, Instant thisUpdate, @Nullable Instant nextUpdate) {
    this.signer = signer;
    this.thisUpdate = thisUpdate;
    this.nextUpdate = nextUpdate;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      contentTypes.add(request.getHeaders().get("Content-Type"));
      OCSPReq req = new OCSPReq(request.getBody().toByteArray());
      requests.add(req);
      if (httpStatus != 200) {
        return new MockResponse.Builder().code(httpStatus).body("responder down").build();
      }
      if (garbage) {
        return binary(new byte[] {0x30, 0x03, 0x0a, 0x01});
      }
      CertificateID id = req.getRequestList()[0].getCertID();
      if (answerOtherSerial) {
        id = CertificateID.deriveCertificateID(id, id.getSerialNumber().add(BigInteger.ONE));
      }
      BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(
          new RespID(holder(signer).getSubject()));
      b.addResponse(id, status, Date.from(thisUpdate), nextUpdate == null ? null : Date.from(nextUpdate));
      Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
      if (nonceMode == NonceMode.ECHO && nonce != null) {
        b.setResponseExtensions(new Extensions(nonce));
      } else if (nonceMode == NonceMode.WRONG) {
        b.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
            new DEROctetString(new byte[32]).getEncoded())));
      }
      KeyPair key = signWith != null ? signWith : signer.key();
      BasicOCSPResp basic = b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(key.getPrivate()),
          new X509CertificateHolder[] {holder(signer)}, Date.from(thisUpdate));
      return binary(new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509CertificateHolder holder(TestGpuPki.Issued i) throws Exception {
    return new JcaX509CertificateHolder(i.cert());
  }

  private static MockResponse binary(byte[] body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/ocsp-response")
        .body(new Buffer().write(body)).build();
  }
}

package io.phat4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.internal.EcPublicKey;
import io.phat4j.attestation.dcap.internal.Ecdsa;
import io.phat4j.attestation.dcap.internal.EcdsaBackend;
import io.phat4j.attestation.dcap.internal.SignedPart;
import io.phat4j.attestation.dcap.internal.TrustAnchor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The two parts of a cold verification no implementation on these libraries can skip, measured
 * alone so the cold figure can be set against them:
 *
 * <ul>
 *   <li>{@link #signatures}: the nine ECDSA checks (PCK leaf and CA certificates, TCB signing
 *       certificate, both CRLs, TCB info, QE identity, QE report, quote), each key decoded afresh
 *       from its certificate or the quote as a cold verification must, the Intel root's key shared
 *       as the verifier shares it.
 *   <li>{@link #libraries}: the decoding the libraries do: the collateral JSON and the two signed
 *       JSON documents (Jackson), the PEM bodies (JDK base64), and each certificate and CRL
 *       decoded completely (BouncyCastle).
 * </ul>
 *
 * <p>Their sum bounds cold throughput from above: {@code 1 / (signatures + libraries)}.
 */
final class ColdFloor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private final byte[] quote;
  private final byte[] collateralJson;
  private final EcPublicKey rootKey;
  private final byte[] pckLeafSpki;
  private final byte[] pckCaSpki;
  private final byte[] tcbSignerSpki;
  private final byte[][] leafTbsSig;
  private final byte[][] pckCaTbsSig;
  private final byte[][] tcbSignerTbsSig;
  private final byte[][] rootCrlTbsSig;
  private final byte[][] pckCrlTbsSig;
  private final byte[] tcbInfo;
  private final byte[] tcbInfoSig;
  private final byte[] qeIdentity;
  private final byte[] qeIdentitySig;
  private final int attestationKeyOffset;
  private final int qeReportOffset;
  private final int signedLength;

  ColdFloor(byte[] quote, byte[] collateralJson) {
    try {
      this.quote = quote;
      this.collateralJson = collateralJson;
      Quote q = Quote.parse(quote);
      QuoteCollateral col = QuoteCollateral.fromJson(collateralJson);
      List<byte[]> pck = derBlocks(q.pckCertChainPem());
      List<byte[]> tcbChain = derBlocks(col.tcbInfoIssuerChain());
      rootKey = TrustAnchor.of(pck.get(pck.size() - 1)).key();
      pckLeafSpki = spki(pck.get(0));
      pckCaSpki = spki(pck.get(1));
      tcbSignerSpki = spki(tcbChain.get(0));
      leafTbsSig = certTbsSig(pck.get(0));
      pckCaTbsSig = certTbsSig(pck.get(1));
      tcbSignerTbsSig = certTbsSig(tcbChain.get(0));
      rootCrlTbsSig = crlTbsSig(col.rootCaCrl());
      pckCrlTbsSig = crlTbsSig(col.pckCrl());
      tcbInfo = col.tcbInfo().getBytes(StandardCharsets.UTF_8);
      tcbInfoSig = col.tcbInfoSignature();
      qeIdentity = col.qeIdentity().getBytes(StandardCharsets.UTF_8);
      qeIdentitySig = col.qeIdentitySignature();
      signedLength = q.signedLength();
      // Auth data: length (4), quote signature (64), attestation key (64), then for v4/v5 the
      // certification-data header (type 6, 2 + 4 bytes) before the QE report (384) and its signature.
      attestationKeyOffset = signedLength + 4 + 64;
      qeReportOffset = attestationKeyOffset + 64 + (q.version() >= 4 ? 6 : 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The nine signature checks of a cold verification; throws if any fails (the inputs are valid). */
  void signatures(EcdsaBackend b) {
    EcPublicKey pckCa = key(pckCaSpki);
    EcPublicKey tcbSigner = key(tcbSignerSpki);
    EcPublicKey pckLeaf = key(pckLeafSpki);
    EcPublicKey attestation = Ecdsa.rawKey(quote, attestationKeyOffset);
    boolean ok = b.verifyDer(pckCa, leafTbsSig[0], leafTbsSig[1])
        & b.verifyDer(rootKey, pckCaTbsSig[0], pckCaTbsSig[1])
        & b.verifyDer(rootKey, tcbSignerTbsSig[0], tcbSignerTbsSig[1])
        & b.verifyDer(rootKey, rootCrlTbsSig[0], rootCrlTbsSig[1])
        & b.verifyDer(pckCa, pckCrlTbsSig[0], pckCrlTbsSig[1])
        & b.verifyRaw(tcbSigner, tcbInfo, 0, tcbInfo.length, tcbInfoSig, 0)
        & b.verifyRaw(tcbSigner, qeIdentity, 0, qeIdentity.length, qeIdentitySig, 0)
        & b.verifyRaw(pckLeaf, quote, qeReportOffset, 384, quote, qeReportOffset + 384)
        & b.verifyRaw(attestation, quote, 0, signedLength, quote, signedLength + 4);
    if (!ok) {
      throw new IllegalStateException("a signature of the benchmark vector did not verify");
    }
  }

  /** The library decoding of a cold verification; returns a count so the work is not dead code. */
  int libraries() {
    try {
      JsonNode col = JSON.readTree(collateralJson);
      int n = JSON.readTree(col.get("tcb_info").asText()).size() + JSON.readTree(col.get("qe_identity").asText()).size();
      for (byte[] der : derBlocks(Quote.parse(quote).pckCertChainPem())) {
        n += decodeCertificate(der);
      }
      for (byte[] der : derBlocks(col.get("tcb_info_issuer_chain").asText())) {
        n += decodeCertificate(der);
      }
      for (String crl : new String[] {"root_ca_crl", "pck_crl"}) {
        X509CRLHolder h = new X509CRLHolder(HexFormat.of().parseHex(col.get(crl).asText()));
        SignedPart.decodeFully(h.toASN1Structure().toASN1Primitive());
        n += h.getRevokedCertificates().size();
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int decodeCertificate(byte[] der) throws IOException {
    X509CertificateHolder h = new X509CertificateHolder(der);
    SignedPart.decodeFully(h.toASN1Structure().toASN1Primitive());
    return h.getExtensionOIDs().size();
  }

  private static EcPublicKey key(byte[] spki) {
    return Ecdsa.spkiKey(SubjectPublicKeyInfo.getInstance(spki));
  }

  private static byte[] spki(byte[] certDer) throws IOException {
    return new X509CertificateHolder(certDer).getSubjectPublicKeyInfo().getEncoded();
  }

  private static byte[][] certTbsSig(byte[] der) throws IOException {
    X509CertificateHolder h = new X509CertificateHolder(der);
    return new byte[][] {SignedPart.of(der), h.toASN1Structure().getSignature().getOctets()};
  }

  private static byte[][] crlTbsSig(byte[] der) throws IOException {
    X509CRLHolder h = new X509CRLHolder(der);
    return new byte[][] {SignedPart.of(der), h.toASN1Structure().getSignature().getOctets()};
  }

  private static List<byte[]> derBlocks(String pem) {
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    for (int b = pem.indexOf(BEGIN, from); b >= 0; b = pem.indexOf(BEGIN, from)) {
      int e = pem.indexOf(END, b);
      out.add(Base64.getMimeDecoder().decode(pem.substring(b + BEGIN.length(), e)));
      from = e + END.length();
    }
    return out;
  }
}

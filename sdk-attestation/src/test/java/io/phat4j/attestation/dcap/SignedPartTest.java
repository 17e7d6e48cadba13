package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phat4j.attestation.dcap.internal.SignedPart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Certificate and CRL signatures are checked over the signed part as received, so a certificate
 * whose encoding was changed after signing fails even where BouncyCastle would re-encode it back.
 */
class SignedPartTest {
  private static final String TDX = "tdx_v4_phala_sample";

  @ParameterizedTest
  @ValueSource(strings = {"tdx_v4_phala_sample", "sgx_v3_phala_sample"})
  void canonicalCertificates_signedPartIsTheirDerReEncoding(String vector) throws IOException {
    for (byte[] der : PckCertChain.fromQuote(Quote.parse(Vectors.quote(vector))).certificatesDer()) {
      byte[] reEncoded = new X509CertificateHolder(der).toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
      assertThat(SignedPart.of(der)).isEqualTo(reEncoded);
    }
  }

  @Test
  void leafWithNonMinimalLength_decodesTheSame_butItsSignatureNoLongerVerifies() throws IOException {
    List<byte[]> chain = PckCertChain.fromQuote(Quote.parse(Vectors.quote(TDX))).certificatesDer();
    byte[] leaf = chain.get(0);
    byte[] stretched = stretchSignedPartLength(leaf);
    // BouncyCastle decodes both to the same certificate, whose DER re-encoding is the original signed part ...
    byte[] reEncoded = new X509CertificateHolder(stretched).toASN1Structure().getTBSCertificate()
        .getEncoded(ASN1Encoding.DER);
    assertThat(reEncoded).isEqualTo(SignedPart.of(leaf));
    // ... but the bytes received differ from what Intel signed.
    assertThat(SignedPart.of(stretched)).isNotEqualTo(reEncoded).hasSize(reEncoded.length + 1);

    QuoteCollateral col = Vectors.collateral(TDX);
    QuoteVerifier verifier = Vectors.verifier(TDX);
    byte[] quote = Vectors.quote(TDX);
    assertThat(verifier.verify(quote, col.withPckCertificateChain(pem(chain)), Vectors.time(TDX)).status())
        .isNotNull();
    QuoteVerificationException e = catchThrowableOfType(QuoteVerificationException.class, () -> verifier.verify(
        quote, col.withPckCertificateChain(pem(List.of(stretched, chain.get(1), chain.get(2)))), Vectors.time(TDX)));
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_CHAIN);
    assertThat(e.getMessage()).contains("leaf signature invalid");
  }

  @Test
  void malformedHeaders_sayWhatAndWhere() {
    assertThatThrownBy(() -> SignedPart.of(new byte[0])).isInstanceOf(IOException.class).hasMessageContaining("offset 0");
    assertThatThrownBy(() -> SignedPart.of(new byte[] {0x31, 0x00})).isInstanceOf(IOException.class)
        .hasMessageContaining("no SEQUENCE at offset 0");
    assertThatThrownBy(() -> SignedPart.of(new byte[] {0x30, (byte) 0x80, 0x30, (byte) 0x80}))
        .isInstanceOf(IOException.class).hasMessageContaining("length form at offset 1");
    assertThatThrownBy(() -> SignedPart.of(new byte[] {0x30, 0x04, 0x02, 0x01}))
        .isInstanceOf(IOException.class).hasMessageContaining("no SEQUENCE at offset 2");
    assertThatThrownBy(() -> SignedPart.of(new byte[] {0x30, 0x05, 0x30, 0x09, 0x00}))
        .isInstanceOf(IOException.class).hasMessageContaining("runs past the end");
    assertThatThrownBy(() -> SignedPart.of(new byte[] {0x30, 0x05, 0x30, (byte) 0x82, 0x01}))
        .isInstanceOf(IOException.class).hasMessageContaining("truncated");
  }

  /** Rewrites the signed part's two-byte length ({@code 82 hh ll}) as three ({@code 83 00 hh ll}). */
  private static byte[] stretchSignedPartLength(byte[] cert) {
    assertThat(cert[1]).isEqualTo((byte) 0x82);
    assertThat(cert[5]).isEqualTo((byte) 0x82);
    int outer = ((cert[2] & 0xff) << 8 | (cert[3] & 0xff)) + 1;
    byte[] out = new byte[cert.length + 1];
    out[0] = 0x30;
    out[1] = (byte) 0x82;
    out[2] = (byte) (outer >> 8);
    out[3] = (byte) outer;
    out[4] = 0x30;
    out[5] = (byte) 0x83;
    out[6] = 0x00;
    System.arraycopy(cert, 6, out, 7, cert.length - 6);
    return out;
  }

  private static String pem(List<byte[]> certs) {
    StringBuilder sb = new StringBuilder();
    for (byte[] der : certs) {
      sb.append("-----BEGIN CERTIFICATE-----\n")
          .append(new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der), StandardCharsets.US_ASCII))
          .append("\n-----END CERTIFICATE-----\n");
    }
    return sb.toString();
  }
}

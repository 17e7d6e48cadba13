package io.phat4j.attestation.gpu;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.core.Bytes32;
import io.phat4j.core.PhalaException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the GPU evidence readers: the SPDM measurement report, the RIM (SWID tag XML), the
 * NVIDIA evidence payload JSON (with its certificate chains) and the NRAS response (JWTs, through
 * {@link NrasVerifier} up to the signature check).
 */
class GpuEvidenceFuzzTest {
  /** The nonce and a time inside the validity of the real NRAS sample (the seed). */
  private static final Bytes32 SAMPLE_NONCE =
      Bytes32.fromHex("56f5c2c4f23fda73db0536276f39a266569e1517de34023817ce455a79efb6d7");
  private static final Clock DURING = Clock.fixed(Instant.ofEpochSecond(1759775000L), ZoneOffset.UTC);
  /** The sample's key id, mapped to a P-384 test key: the real NVIDIA key is not in our test data. */
  private static final String SAMPLE_KID = "nv-eat-kid-prod-20251005051232363-51f0d623-fb42-4c95-ac4a-a65ff322076e";
  private static final NrasVerifier NRAS = testVerifier();

  private static NrasVerifier testVerifier() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"));
      KeyPair key = g.generateKeyPair();
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
          new X500Name("CN=fuzz NRAS"), BigInteger.ONE, new Date(0), new Date(4_000_000_000_000L),
          new X500Name("CN=fuzz NRAS"), key.getPublic())
          .build(new JcaContentSignerBuilder("SHA384withECDSA").build(key.getPrivate())));
      String jwks = "{\"keys\":[{\"kid\":\"" + SAMPLE_KID + "\",\"kty\":\"EC\",\"x5c\":[\""
          + Base64.getEncoder().encodeToString(cert.getEncoded()) + "\"]}]}";
      return NrasVerifier.fromJwks(jwks, DURING);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void spdmReport(FuzzedDataProvider data) {
    try {
      SpdmMeasurementReport report = SpdmMeasurementReport.parse(data.consumeRemainingAsBytes());
      GpuEvidenceVerifier.driverRimId(report);
      GpuEvidenceVerifier.vbiosRimId(report);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void rimXml(FuzzedDataProvider data) {
    try {
      ReferenceIntegrityManifest.parse(data.consumeRemainingAsBytes());
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void nvidiaPayload(FuzzedDataProvider data) {
    try {
      NvidiaPayload.parse(new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void nrasResponse(FuzzedDataProvider data) {
    try {
      NrasResponse response = NrasResponse.parse(new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));
      // Past the split: JWS framing, header and claims JSON, alg and kid checks, then the signature.
      NRAS.verify(response, SAMPLE_NONCE);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}

package io.phat4j.attestation.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReferenceIntegrityManifestTest {

  static byte[] replaceFirst(byte[] xml, String regex, String replacement) {
    String s = new String(xml, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile(regex).matcher(s);
    assertThat(m.find()).as("pattern %s present", regex).isTrue();
    return m.replaceFirst(replacement).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parse_driverRim_readsVersionMeasurementsAndSigningChain() {
    ReferenceIntegrityManifest rim = ReferenceIntegrityManifest.parse(GpuSamples.driverRim());

    assertThat(rim.version()).isEqualTo("545.00");
    assertThat(rim.product()).isEqualTo("GH100");
    assertThat(rim.measurements()).hasSize(64);
    assertThat(rim.measurements().stream().filter(GoldenMeasurement::active)).hasSize(21);
    assertThat(rim.measurements()).allSatisfy(g -> assertThat(g.size()).isEqualTo(48));
    assertThat(rim.signingChain()).hasSize(4);
    assertThat(rim.signingChain().get(0).getSubjectX500Principal().getName()).contains("HCC RIM L4 Signer");
  }

  @Test
  void parse_vbiosRims_readVersions() {
    assertThat(ReferenceIntegrityManifest.parse(GpuSamples.vbiosRim()).version()).isEqualTo("96.00.5E.00.01");
    assertThat(ReferenceIntegrityManifest.parse(GpuSamples.prodVbiosRim()).version()).isEqualTo("96.00.5E.00.03");
  }

  @Test
  void verifySignature_everySampleRim_verifies() {
    for (byte[] xml : new byte[][] {GpuSamples.driverRim(), GpuSamples.vbiosRim(), GpuSamples.prodVbiosRim()}) {
      ReferenceIntegrityManifest rim = ReferenceIntegrityManifest.parse(xml);
      assertThatCode(rim::verifySignature).as(rim.toString()).doesNotThrowAnyException();
    }
  }

  @Test
  void verifySignature_versionRewritten_failsOnDigest() {
    byte[] tampered = replaceFirst(GpuSamples.driverRim(), "colloquialVersion=\"545.00\"", "colloquialVersion=\"550.90.07\"");
    ReferenceIntegrityManifest rim = ReferenceIntegrityManifest.parse(tampered);

    assertThat(rim.version()).isEqualTo("550.90.07");
    assertThatThrownBy(rim::verifySignature)
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("digest does not match");
  }

  @Test
  void verifySignature_goldenHashRewritten_failsOnDigest() {
    byte[] tampered = replaceFirst(GpuSamples.driverRim(),
        "(index=\"7\" active=\"True\" alternatives=\"1\" ns2:Hash0=\")0", "$1f");

    assertThatThrownBy(ReferenceIntegrityManifest.parse(tampered)::verifySignature)
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("digest does not match");
  }

  @Test
  void verifySignature_signatureValueChanged_fails() {
    byte[] tampered = replaceFirst(GpuSamples.driverRim(), "<ds:SignatureValue>/", "<ds:SignatureValue>A");

    assertThatThrownBy(ReferenceIntegrityManifest.parse(tampered)::verifySignature)
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void verifySignature_signerSwappedForOtherRimsSigner_fails() {
    // The VBIOS RIM's signer certificate put first in the driver RIM's KeyInfo.
    String vbiosSigner = certificateText(GpuSamples.vbiosRim());
    String driverSigner = certificateText(GpuSamples.driverRim());
    assertThat(vbiosSigner).isNotEqualTo(driverSigner);
    byte[] swapped = new String(GpuSamples.driverRim(), StandardCharsets.UTF_8)
        .replace(driverSigner, vbiosSigner).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(ReferenceIntegrityManifest.parse(swapped)::verifySignature)
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("does not verify");
  }

  private static String certificateText(byte[] xml) {
    Matcher m = Pattern.compile("<ds:X509Certificate>([^<]*)</ds:X509Certificate>")
        .matcher(new String(xml, StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void validateChain_today_reportsExpiredSigner() {
    ReferenceIntegrityManifest rim = ReferenceIntegrityManifest.parse(GpuSamples.driverRim());

    assertThat(rim.validateChain(GpuEvidenceVerifier.nvidiaRimRoot(), GpuSamples.TODAY.instant()))
        .hasValueSatisfying(p -> assertThat(p)
            .contains("certificate 0 (CN=HCC RIM L4 Signer")
            .contains("expired")
            .contains("notAfter 2025-06-26"));
  }

  @Test
  void validateChain_whileSignerValid_validatesToPinnedRimRoot() {
    for (byte[] xml : new byte[][] {GpuSamples.driverRim(), GpuSamples.vbiosRim(), GpuSamples.prodVbiosRim()}) {
      ReferenceIntegrityManifest rim = ReferenceIntegrityManifest.parse(xml);
      assertThat(rim.validateChain(GpuEvidenceVerifier.nvidiaRimRoot(), GpuSamples.RIM_SIGNER_VALID.instant()))
          .as(rim.toString()).isEmpty();
    }
  }

  @Test
  void validateChain_otherRoot_fails() {
    ReferenceIntegrityManifest rim = ReferenceIntegrityManifest.parse(GpuSamples.driverRim());

    assertThat(rim.validateChain(GpuEvidenceVerifier.nvidiaDeviceRoot(), GpuSamples.RIM_SIGNER_VALID.instant()))
        .hasValueSatisfying(p -> assertThat(p).contains("does not chain to the pinned root"));
  }

  @Test
  void validateChain_beforeSignerIssued_reportsNotYetValid() {
    ReferenceIntegrityManifest rim = ReferenceIntegrityManifest.parse(GpuSamples.driverRim());

    assertThat(rim.validateChain(GpuEvidenceVerifier.nvidiaRimRoot(), Instant.parse("2015-01-01T00:00:00Z")))
        .hasValueSatisfying(p -> assertThat(p).contains("not yet valid"));
  }

  @Test
  void parse_doctypeWithExternalEntity_rejected() {
    String xml = new String(GpuSamples.driverRim(), StandardCharsets.UTF_8);
    byte[] evil = ("<?xml version=\"1.0\"?><!DOCTYPE SoftwareIdentity [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + xml.replace("name=\"GH100\"", "name=\"&x;\"")).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ReferenceIntegrityManifest.parse(evil))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("rim")
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void parse_truncatedXml_throwsFormatException() {
    byte[] xml = GpuSamples.driverRim();
    byte[] cut = java.util.Arrays.copyOf(xml, xml.length / 2);

    assertThatThrownBy(() -> ReferenceIntegrityManifest.parse(cut))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("malformed XML");
  }

  @Test
  void parse_notSwid_throws() {
    assertThatThrownBy(() -> ReferenceIntegrityManifest.parse("<a/>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("SoftwareIdentity");
  }

  @Test
  void parse_badActiveFlag_throwsNamingResource() {
    byte[] bad = replaceFirst(GpuSamples.driverRim(), "index=\"0\" active=\"False\"", "index=\"0\" active=\"maybe\"");

    assertThatThrownBy(() -> ReferenceIntegrityManifest.parse(bad))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("rim.Resource[0].active");
  }

  @Test
  void parse_badHashHex_throwsDecodeException() {
    byte[] bad = replaceFirst(GpuSamples.driverRim(), "(index=\"0\" active=\"False\" alternatives=\"1\" ns2:Hash0=\")0", "$1z");

    assertThatThrownBy(() -> ReferenceIntegrityManifest.parse(bad))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("rim.Resource[0].Hash0");
  }

  @Test
  void parse_certificateOutsideSignature_ignoredSignerComesFromKeyInfo() {
    String xml = new String(GpuSamples.driverRim(), StandardCharsets.UTF_8);
    String vbiosSigner = certificateText(GpuSamples.vbiosRim());
    // An attacker-placed certificate before the signature must not become the signer.
    byte[] injected = xml.replace("<ns0:Payload", "<ds:X509Certificate xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
        + vbiosSigner + "</ds:X509Certificate><ns0:Payload").getBytes(StandardCharsets.UTF_8);

    ReferenceIntegrityManifest rim = ReferenceIntegrityManifest.parse(injected);

    assertThat(rim.signingChain()).hasSize(4);
    assertThat(rim.signingChain().get(0))
        .isEqualTo(ReferenceIntegrityManifest.parse(GpuSamples.driverRim()).signingChain().get(0));
    assertThatThrownBy(rim::verifySignature).isInstanceOf(CryptoException.class);
  }

  @Test
  void parse_noSignature_throws() {
    byte[] unsigned = replaceFirst(GpuSamples.driverRim(), "(?s)<ds:Signature .*</ds:Signature>", "");

    assertThatThrownBy(() -> ReferenceIntegrityManifest.parse(unsigned))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("rim.Signature")
        .hasMessageContaining("no enveloped XML signature");
  }
}

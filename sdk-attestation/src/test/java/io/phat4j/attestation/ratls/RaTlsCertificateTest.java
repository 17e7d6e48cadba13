package io.phat4j.attestation.ratls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.attestation.ratls.internal.AttestationDecoder;
import io.phat4j.attestation.ratls.internal.AttestationEncoder;
import io.phat4j.attestation.ratls.internal.CertificateReader;
import io.phat4j.attestation.ratls.internal.DecodedAttestation;
import io.phat4j.core.Hex;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

class RaTlsCertificateTest {
  private static final String PEM = TestCerts.resource(TestCerts.FIXTURE);
  private static final JsonNode EXPECTED = readExpected();

  private static JsonNode readExpected() {
    try {
      return new ObjectMapper().readTree(TestCerts.resource("/ratls/tdx-lite-v0-get-tls-key.expected.json"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void parsePem_dstackV0Certificate_matchesReferenceFields() {
    RaTlsCertificate c = RaTlsCertificate.parsePem(PEM);
    JsonNode ra = EXPECTED.get("ra_tls");
    assertThat(Hex.encode(c.publicKeyDer())).isEqualTo(ra.get("public_key_der").asText());
    assertThat(Hex.encode(c.expectedReportData())).isEqualTo(ra.get("expected_report_data").asText());
    assertThat(c.chain()).hasSize(ra.get("chain_length").asInt());
    assertThat(c.wireFormat().wireName()).isEqualTo(ra.get("attestation_wire_format").asText());
    assertThat(Hex.encode(c.appIdExtension())).isEqualTo(ra.get("app_id_extension").asText());
    assertThat(c.specialUsage()).isEqualTo(ra.get("special_usage").asText());
    assertThat(c.reportDataBound()).isEqualTo(ra.get("report_data_bound").asBoolean());
    assertThat(c.chainSignaturesValid()).isEqualTo(ra.get("leaf_signed_by_next").asBoolean());
    assertThat(c.lastSelfSigned()).isEqualTo(ra.get("last_self_signed").asBoolean());
    assertThat(Hex.encode(c.quoteReportData())).isEqualTo(EXPECTED.at("/details/report_data").asText());
    assertThat(Hex.encode(c.attestationReportData())).isEqualTo(EXPECTED.at("/details/report_data").asText());
    c.requireBound();
  }

  @Test
  void parsePem_dstackV0Certificate_carriesQuoteEventLogAndVmConfig() throws Exception {
    RaTlsCertificate c = RaTlsCertificate.parsePem(PEM);
    JsonNode q = EXPECTED.at("/reference/quote");
    io.phat4j.attestation.dcap.TdReport td = (io.phat4j.attestation.dcap.TdReport) io.phat4j.attestation.dcap.Quote.parse(c.quote()).body();
    assertThat(td.mrTd().hex()).isEqualTo(q.get("mr_td").asText());
    assertThat(td.rtmr(3).hex()).isEqualTo(q.get("rt_mr3").asText());

    JsonNode log = new ObjectMapper().readTree(c.eventLogJson());
    assertThat(log.isArray()).isTrue();
    // RTMR0 keeps the three named ACPI digests, as dstack strips certificates' event logs.
    for (String name : List.of("acpi-loader", "acpi-rsdp", "acpi-tables")) {
      JsonNode ev = find(log, name);
      assertThat(ev).as(name).isNotNull();
      assertThat(ev.get("digest").asText()).isEqualTo(EXPECTED.at("/reference/acpi_reported/" + name).asText());
    }
    assertThat(find(log, "compose-hash").get("event_payload").asText())
        .isEqualTo(EXPECTED.at("/details/app_info/compose_hash").asText());
    assertThat(find(log, "app-id").get("event_payload").asText()).isEqualTo(EXPECTED.at("/details/app_info/app_id").asText());

    JsonNode vm = new ObjectMapper().readTree(c.vmConfigJson());
    assertThat(vm.get("os_image_hash").asText()).isEqualTo(EXPECTED.at("/details/app_info/os_image_hash").asText());
  }

  private static JsonNode find(JsonNode log, String name) {
    for (JsonNode e : log) {
      if (e.get("event").asText().equals(name)) {
        return e;
      }
    }
    return null;
  }

  @Test
  void parse_fromJdkChainBytesAndDer_giveTheSameCertificate() {
    RaTlsCertificate pem = RaTlsCertificate.parsePem(PEM);
    RaTlsCertificate bytes = RaTlsCertificate.parsePem(PEM.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    RaTlsCertificate jdk = RaTlsCertificate.of(pem.chain());
    RaTlsCertificate der = RaTlsCertificate.parseDer(pem.leafDer());
    for (RaTlsCertificate c : List.of(bytes, jdk, der)) {
      assertThat(c.fingerprint()).isEqualTo(pem.fingerprint());
      assertThat(c.publicKeyDer()).isEqualTo(pem.publicKeyDer());
      assertThat(c.reportDataBound()).isTrue();
    }
    assertThat(der.chain()).hasSize(1);
  }

  @Test
  void scaleV0_reencodingTheFixture_isByteIdentical() {
    RaTlsCertificate c = RaTlsCertificate.parsePem(PEM);
    byte[] ext = CertificateReader.extension(c.leaf(), RaTlsExtension.ATTESTATION);
    DecodedAttestation a = AttestationDecoder.decode(ext);
    assertThat(AttestationEncoder.scaleV0(a)).isEqualTo(ext);
  }

  @Test
  void v1Msgpack_sameEvidenceForTheSameKey_isBound() {
    RaTlsCertificate v0 = RaTlsCertificate.parsePem(PEM);
    DecodedAttestation a = AttestationDecoder.decode(CertificateReader.extension(v0.leaf(), RaTlsExtension.ATTESTATION));
    KeyPair ca = TestCerts.ecKey();
    RaTlsCertificate v1 = RaTlsCertificate.of(TestCerts.leaf(SubjectPublicKeyInfo.getInstance(v0.publicKeyDer()), ca,
        Map.of(RaTlsExtension.ATTESTATION, AttestationEncoder.msgpackV1(a), RaTlsExtension.SPECIAL_USAGE, "ra-tls".getBytes())));
    assertThat(v1.wireFormat()).isEqualTo(AttestationWireFormat.V1_MSGPACK);
    assertThat(v1.wireFormat().wireName()).isEqualTo("v1-msgpack");
    assertThat(v1.reportDataBound()).isTrue();
    assertThat(v1.quote()).isEqualTo(v0.quote());
    assertThat(v1.eventLogJson()).isEqualTo(v0.eventLogJson());
    assertThat(v1.vmConfigJson()).isEqualTo(v0.vmConfigJson());
    assertThat(v1.specialUsage()).isEqualTo("ra-tls");
    assertThat(v1.appIdExtension()).isNull();
  }

  @Test
  void legacyExtensions_quoteAndEventLog_areReadAsDstackDoes() {
    RaTlsCertificate v0 = RaTlsCertificate.parsePem(PEM);
    RaTlsCertificate legacy = RaTlsCertificate.of(TestCerts.leaf(SubjectPublicKeyInfo.getInstance(v0.publicKeyDer()), TestCerts.ecKey(),
        Map.of(RaTlsExtension.TDX_QUOTE, v0.quote(), RaTlsExtension.EVENT_LOG, v0.eventLogJson().getBytes())));
    assertThat(legacy.wireFormat()).isEqualTo(AttestationWireFormat.LEGACY_QUOTE_EXTENSIONS);
    assertThat(legacy.reportDataBound()).isTrue();
    assertThat(legacy.eventLogJson()).isEqualTo(v0.eventLogJson());
    assertThat(legacy.vmConfigJson()).isNull();
  }

  // --- mutations -------------------------------------------------------------------------------

  @Test
  void mutation_byteOfQuoteReportDataInTheExtension_failsKeyBinding() {
    RaTlsCertificate c = RaTlsCertificate.parsePem(PEM);
    byte[] der = c.leafDer();
    byte[] reportData = c.quoteReportData();
    int at = indexOf(der, reportData); // the quote's copy comes first, inside the attestation extension
    assertThat(at).isPositive();
    der[at + 5] ^= 0x01;
    RaTlsCertificate m = RaTlsCertificate.parseDer(der);
    assertThat(m.reportDataBound()).isFalse();
    RaTlsVerificationException e = catchThrowableOfType(RaTlsVerificationException.class, m::requireBound);
    assertThat(e.link()).isEqualTo(RaTlsLink.KEY_BINDING);
    assertThat(e.getMessage()).contains("key binding").contains("quote's report data differs");
  }

  @Test
  void mutation_byteOfQuoteHeaderInTheExtension_namesTheAttestationExtension() {
    RaTlsCertificate c = RaTlsCertificate.parsePem(PEM);
    byte[] der = c.leafDer();
    int at = indexOf(der, java.util.Arrays.copyOf(c.quote(), 48));
    der[at + 4] ^= 0x7f; // tee_type
    RaTlsCertificateException e = catchThrowableOfType(RaTlsCertificateException.class, () -> RaTlsCertificate.parseDer(der));
    assertThat(e.extension()).isEqualTo(RaTlsExtension.ATTESTATION);
    assertThat(e.getMessage()).contains("attestation (1.3.6.1.4.1.62397.1.8)").contains("tee_type");
  }

  @Test
  void mutation_anyByteOfTheQuoteExtension_breaksTheChainSignature() {
    RaTlsCertificate c = RaTlsCertificate.parsePem(PEM);
    byte[] der = c.leafDer();
    int at = indexOf(der, java.util.Arrays.copyOf(c.quote(), 48));
    der[at + 1000] ^= 0x01; // inside the quote body: still parses, but the CA's signature no longer holds
    RaTlsCertificate m = RaTlsCertificate.of(List.of(RaTlsCertificate.parseDer(der).leaf(), c.chain().get(1)));
    assertThat(m.chainSignaturesValid()).isFalse();
    assertThat(c.chainSignaturesValid()).isTrue();
  }

  @Test
  void mutation_certificateReKeyed_failsKeyBinding() {
    RaTlsCertificate c = RaTlsCertificate.parsePem(PEM);
    Map<RaTlsExtension, byte[]> ext = new EnumMap<>(RaTlsExtension.class);
    ext.put(RaTlsExtension.ATTESTATION, CertificateReader.extension(c.leaf(), RaTlsExtension.ATTESTATION));
    ext.put(RaTlsExtension.APP_ID, c.appIdExtension());
    KeyPair attacker = TestCerts.ecKey();
    RaTlsCertificate m = RaTlsCertificate.of(TestCerts.leaf(attacker.getPublic(), attacker, ext));
    assertThat(m.reportDataBound()).isFalse();
    RaTlsVerificationException e = catchThrowableOfType(RaTlsVerificationException.class, m::requireBound);
    assertThat(e.link()).isEqualTo(RaTlsLink.KEY_BINDING);
    assertThat(e.getMessage()).contains("not bound");
  }

  @Test
  void mutation_v1AttestationBoundByAnotherRule_failsKeyBinding() throws Exception {
    RaTlsCertificate c = RaTlsCertificate.parsePem(PEM);
    DecodedAttestation a = AttestationDecoder.decode(CertificateReader.extension(c.leaf(), RaTlsExtension.ATTESTATION));
    // The v1 stack declares report data made by another content type's rule (dstack's app-data tag).
    MessageDigest md = MessageDigest.getInstance("SHA-512");
    md.update("app-data:".getBytes());
    byte[] wrongRule = md.digest(c.publicKeyDer());
    DecodedAttestation wrong = new DecodedAttestation(a.format(), a.quote(), a.eventLog(), a.runtimeEvents(), wrongRule, a.config());
    RaTlsCertificate m = RaTlsCertificate.of(TestCerts.leaf(SubjectPublicKeyInfo.getInstance(c.publicKeyDer()), TestCerts.ecKey(),
        Map.of(RaTlsExtension.ATTESTATION, AttestationEncoder.msgpackV1(wrong))));
    RaTlsVerificationException e = catchThrowableOfType(RaTlsVerificationException.class, m::requireBound);
    assertThat(e.link()).isEqualTo(RaTlsLink.KEY_BINDING);
    assertThat(e.getMessage()).contains("v1-msgpack").contains("ratls-cert:");
  }

  @Test
  void missingAttestation_namesTheExtension() {
    KeyPair k = TestCerts.ecKey();
    RaTlsCertificateException e = catchThrowableOfType(RaTlsCertificateException.class,
        () -> RaTlsCertificate.of(TestCerts.leaf(k.getPublic(), k, Map.of())));
    assertThat(e.extension()).isEqualTo(RaTlsExtension.ATTESTATION);
    assertThat(e.getMessage()).contains("1.3.6.1.4.1.62397.1.8").contains("missing");
  }

  @Test
  void legacyQuoteWithoutEventLog_namesTheEventLogExtension() {
    RaTlsCertificate c = RaTlsCertificate.parsePem(PEM);
    KeyPair k = TestCerts.ecKey();
    RaTlsCertificateException e = catchThrowableOfType(RaTlsCertificateException.class,
        () -> RaTlsCertificate.of(TestCerts.leaf(k.getPublic(), k, Map.of(RaTlsExtension.TDX_QUOTE, c.quote()))));
    assertThat(e.extension()).isEqualTo(RaTlsExtension.EVENT_LOG);
    assertThat(e.getMessage()).contains("1.3.6.1.4.1.62397.1.2");
  }

  @Test
  void garbageAttestation_namesTheExtension() {
    KeyPair k = TestCerts.ecKey();
    for (byte[] junk : List.of(new byte[] {0x42}, new byte[] {0x00, 0x00, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        new byte[] {(byte) 0x81, (byte) 0xa7, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x02},
        new byte[] {(byte) 0xdf, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff})) {
      RaTlsCertificateException e = catchThrowableOfType(RaTlsCertificateException.class,
          () -> RaTlsCertificate.of(TestCerts.leaf(k.getPublic(), k, Map.of(RaTlsExtension.ATTESTATION, junk))));
      assertThat(e).as(Hex.encode(junk)).isNotNull();
      assertThat(e.extension()).isEqualTo(RaTlsExtension.ATTESTATION);
    }
  }

  @Test
  void truncatedAttestation_atEveryLength_failsTyped() {
    RaTlsCertificate c = RaTlsCertificate.parsePem(PEM);
    byte[] ext = CertificateReader.extension(c.leaf(), RaTlsExtension.ATTESTATION);
    for (int n = 1; n < ext.length; n += 97) {
      byte[] cut = java.util.Arrays.copyOf(ext, n);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> AttestationDecoder.decode(cut))
          .isInstanceOf(io.phat4j.core.DecodeException.class);
    }
  }

  @Test
  void malformedPem_failsTyped() {
    String body = PEM.substring(PEM.indexOf('\n') + 1, PEM.indexOf("-----END"));
    for (String pem : List.of("", "hello", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE-----\n" + body, "-----BEGIN CERTIFICATE-----\n"
            + Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}) + "\n-----END CERTIFICATE-----\n")) {
      RaTlsCertificateException e = catchThrowableOfType(RaTlsCertificateException.class, () -> RaTlsCertificate.parsePem(pem));
      assertThat(e).as(pem).isNotNull();
      assertThat(e.extension()).isNull();
      assertThat(e.getMessage()).startsWith("certificate chain");
    }
    String huge = "x".repeat(CertificateReader.MAX_PEM_CHARS + 1);
    assertThat(catchThrowableOfType(RaTlsCertificateException.class, () -> RaTlsCertificate.parsePem(huge)).getMessage())
        .contains("exceeds the bound");
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

package io.phat4j.attestation.os;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.Measurement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lite path on dstack-verifier's genuine fixtures, compared field for field with expected.json. */
class LitePathFixtureTest {
  private static final OsImageVerifier VERIFIER = OsImageVerifier.create();

  @ParameterizedTest
  @ValueSource(strings = {OsFixtures.GETQUOTE, OsFixtures.TLS_KEY})
  void genuineFixtureVerifiesWithTheReferenceResult(String name) {
    OsFixtures.Fixture f = OsFixtures.load(name);
    OsImageCheck check = VERIFIER.verify(f.vmConfig(), f.eventLog(), f.quoted());
    JsonNode details = f.expected().get("details");

    assertThat(check.reason()).isNull();
    assertThat(check.path()).isEqualTo(OsImagePath.LITE);
    assertThat(check.osImageHashVerified()).isEqualTo(details.get("os_image_hash_verified").asBoolean());
    assertThat(check.acpiTablesVerified()).isEqualTo(details.get("acpi_tables_verified").asBoolean());
    assertThat(check.acpiVerification()).isEqualTo(AcpiVerification.PINNED_DIGESTS);
    assertThat(check.osImageVersion()).isEqualTo(details.get("os_image_version").isNull() ? null : details.get("os_image_version").asText());
    assertThat(check.osImageIsDev()).isEqualTo(details.get("os_image_is_dev").isNull() ? null : details.get("os_image_is_dev").asBoolean());
    assertThat(check.osImageHash().hex()).isEqualTo(details.get("app_info") == null
        ? f.vmConfig().osImageHash().hex() : details.get("app_info").get("os_image_hash").asText());

    TdxRegisters expected = check.expected();
    assertThat(expected.mrtd()).isEqualTo(f.ref("expected_mrs", "mrtd"));
    assertThat(expected.rtmr0()).isEqualTo(f.ref("expected_mrs", "rtmr0"));
    assertThat(expected.rtmr1()).isEqualTo(f.ref("expected_mrs", "rtmr1"));
    assertThat(expected.rtmr2()).isEqualTo(f.ref("expected_mrs", "rtmr2"));
    assertThat(check.expectedBoot().rtmr0Log().get(0)).isEqualTo(f.ref("expected_mrs", "td_hob_hash"));
    assertThat(check.registers()).hasSize(4).allMatch(RegisterCheck::matches);
    assertThat(check.reportedAcpi().loader()).isEqualTo(f.ref("acpi_reported", "acpi-loader"));
    assertThat(check.reportedAcpi().rsdp()).isEqualTo(f.ref("acpi_reported", "acpi-rsdp"));
    assertThat(check.reportedAcpi().tables()).isEqualTo(f.ref("acpi_reported", "acpi-tables"));
  }

  @ParameterizedTest
  @ValueSource(strings = {OsFixtures.GETQUOTE, OsFixtures.TLS_KEY})
  void decodedMeasurementDocumentMatchesTheReference(String name) {
    OsFixtures.Fixture f = OsFixtures.load(name);
    TdxOsImageMeasurement m = f.vmConfig().tdxMeasurement().decodeMeasurement();
    JsonNode ref = f.reference().get("measurement");

    assertThat(m.version()).isEqualTo(ref.get("version").asInt());
    assertThat(m.cmdlineDigest()).isEqualTo(Measurement.fromHex(ref.get("cmdline_sha384").asText()));
    assertThat(m.kernelAuthenticode()).isEqualTo(Measurement.fromHex(ref.get("kernel_authenticode").asText()));
    assertThat(m.initrdSha384()).isEqualTo(Measurement.fromHex(ref.get("initrd_sha384").asText()));
    assertThat(m.ovmfVariant().wireName()).isEqualTo(ref.get("ovmf").asText());
    assertThat(m.mrtdSinglePass()).isEqualTo(Measurement.fromHex(ref.get("single_pass").asText()));
    assertThat(m.mrtdTwoPass()).isEqualTo(Measurement.fromHex(ref.get("two_pass").asText()));
    assertThat(io.phat4j.core.Hex.encode(m.tdHobWitness())).isEqualTo(ref.get("td_hob").asText());
    if (m.version() == 4) {
      assertThat(m.cmdline()).isEqualTo(ref.get("cmdline").asText());
      assertThat(m.kernelHeaderNormalized()).isEqualTo(ref.get("kernel_header_normalized").asBoolean());
    } else {
      assertThat(m.cmdline()).isNull();
      assertThat(m.kernelHeaderNormalized()).isFalse();
    }
    // Re-encoding gives back the exact bytes the checksum file commits to.
    assertThat(m.toCbor()).isEqualTo(f.vmConfig().tdxMeasurement().measurement());
    assertThat(new String(f.vmConfig().tdxMeasurement().checksumFile(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(f.reference().get("checksum_file").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {OsFixtures.GETQUOTE, OsFixtures.TLS_KEY})
  void withoutPinnedAcpiTheImageStillVerifiesButTheTablesDoNot(String name) {
    OsFixtures.Fixture f = OsFixtures.load(name);
    OsImageCheck check = OsImageVerifier.builder().referenceValues(ReferenceValues.empty()).build()
        .verify(f.vmConfig(), f.eventLog(), f.quoted());

    assertThat(check.osImageHashVerified()).isTrue();
    assertThat(check.acpiTablesVerified()).isFalse();
    assertThat(check.acpiVerification()).isEqualTo(AcpiVerification.NOT_PINNED);
  }
}

package io.phat4j.attestation.app;

import static io.phat4j.attestation.app.AppVerifierFixtureTest.json;
import static io.phat4j.attestation.app.AppVerifierFixtureTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.core.Bytes32;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The OS-image link through AppVerifier on the lite fixture and its mutations: each mutation turns
 * the right field false, the verdict invalid, and the reason names what changed.
 */
class AppVerifierOsImageTest {
  private static final AppVerifier VERIFIER = AppVerifier.builder().build();
  private static final String LITE = "tdx-lite-getquote/tdx-lite-getquote.json";

  private static JsonNode verifyMutatedVmConfig(Consumer<ObjectNode> mutation, AppPolicy policy) {
    ObjectNode req = (ObjectNode) json(text(LITE));
    ObjectNode vm = (ObjectNode) json(req.get("vm_config").asText());
    mutation.accept(vm);
    req.put("vm_config", vm.toString());
    return json(VERIFIER.verify(AppEvidence.fromVerifierRequest(req.toString().getBytes(StandardCharsets.UTF_8)), policy).toJson());
  }

  private static byte[] flipByte(String base64, int index) {
    byte[] b = Base64.getDecoder().decode(base64);
    b[index] ^= 0x01;
    return b;
  }

  private static void assertOsImageFails(JsonNode out, String reasonPart) {
    assertThat(out.get("is_valid").asBoolean()).isFalse();
    assertThat(out.get("details").get("os_image_hash_verified").asBoolean()).isFalse();
    assertThat(out.get("reason").asText()).contains("OS image hash verification failed").contains(reasonPart);
    // The other links still ran.
    assertThat(out.get("details").get("event_log_verified").asBoolean()).isTrue();
    assertThat(out.get("details").get("app_info").isObject()).isTrue();
  }

  @Test
  void genuine_osImageVerified_onTheLitePath() {
    AppVerification v = VERIFIER.verify(AppEvidence.fromJson(text(LITE)), AppPolicy.defaults());
    assertThat(v.link(LinkResult.OS_IMAGE).status()).isEqualTo(LinkStatus.PASSED);
    assertThat(v.osImagePath()).isEqualTo("lite");
    assertThat(v.acpiTablesVerified()).isTrue();
    assertThat(v.toText()).contains("[ok]   os-image").contains("lite path");
  }

  @Test
  void checksumFileByte_failsTheImageHash() {
    JsonNode out = verifyMutatedVmConfig(vm -> {
      ObjectNode m = (ObjectNode) vm.get("tdx_measurement");
      m.put("checksum_file", Base64.getEncoder().encodeToString(flipByte(m.get("checksum_file").asText(), 3)));
    }, AppPolicy.defaults());
    assertOsImageFails(out, "checksum_file");
  }

  @Test
  void measurementCborByte_failsTheImageHash() {
    JsonNode out = verifyMutatedVmConfig(vm -> {
      ObjectNode m = (ObjectNode) vm.get("tdx_measurement");
      m.put("measurement", Base64.getEncoder().encodeToString(flipByte(m.get("measurement").asText(), 40)));
    }, AppPolicy.defaults());
    assertOsImageFails(out, "measurement");
  }

  @Test
  void osImageHash_failsTheImageHash() {
    JsonNode out = verifyMutatedVmConfig(vm -> vm.put("os_image_hash", "00".repeat(32)), AppPolicy.defaults());
    assertOsImageFails(out, "os_image_hash");
  }

  @Test
  void otherVmShape_leavesTheAcpiTablesUnverified_andTheDefaultPolicyRefuses() {
    // The ACPI tables depend on the VM shape: the digests pinned for 2 vCPUs say nothing about 3.
    JsonNode out = verifyMutatedVmConfig(vm -> vm.put("cpu_count", 3), AppPolicy.defaults());
    assertThat(out.get("details").get("acpi_tables_verified").asBoolean()).isFalse();
    assertThat(out.get("is_valid").asBoolean()).isFalse();
    assertThat(out.get("reason").asText()).contains("OS image hash verification failed").contains("acpi_tables_verified is false");
  }

  @Test
  void acpiDigestInTheEventLog_failsOsImageAndEventLog_withRtmrDebug() {
    ObjectNode req = (ObjectNode) json(text(LITE));
    ArrayNode events = (ArrayNode) json(req.get("event_log").asText());
    for (JsonNode e : events) {
      if (e.get("event").asText().equals("acpi-tables")) {
        ((ObjectNode) e).put("digest", "33".repeat(48));
      }
    }
    req.put("event_log", events.toString());
    AppVerification v = VERIFIER.verify(AppEvidence.fromVerifierRequest(req.toString().getBytes(StandardCharsets.UTF_8)),
        AppPolicy.defaults());
    JsonNode out = json(v.toJson());
    assertThat(out.get("details").get("acpi_tables_verified").asBoolean()).isFalse();
    assertThat(out.get("details").get("os_image_hash_verified").asBoolean()).isFalse();
    assertThat(out.get("reason").asText()).contains("OS image hash verification failed").contains("acpi");
    // rtmr_debug shows the event whose digest is not the expected one.
    assertThat(v.rtmrDebug()).anySatisfy(m -> {
      assertThat(m.rtmr()).isEqualTo("RTMR0");
      assertThat(m.events()).anySatisfy(e -> {
        assertThat(e.eventName()).isEqualTo("acpi-tables");
        assertThat(e.actualDigest()).isEqualTo("33".repeat(48));
      });
    });
  }

  @Test
  void policy_osImageHashAllowlistAndVersion() {
    AppPolicy otherImage = AppPolicy.builder().allowOsImageHashes(Bytes32.of(new byte[32])).build();
    AppVerification v = VERIFIER.verify(AppEvidence.fromJson(text(LITE)), otherImage);
    assertThat(v.link(LinkResult.OS_IMAGE).reason()).contains("is not one of the 1 allowed");
    assertThat(json(v.toJson()).get("details").get("os_image_hash_verified").asBoolean())
        .as("the measurement itself verified; only the policy refused").isTrue();

    AppPolicy sameImage = AppPolicy.builder()
        .allowOsImageHashes(Bytes32.fromHex("e6f5cfec20c02e7b97baa213d0f718020b55e040172d90ccbcb946d56c8b09db")).build();
    assertThat(VERIFIER.verify(AppEvidence.fromJson(text(LITE)), sameImage).link(LinkResult.OS_IMAGE).status())
        .isEqualTo(LinkStatus.PASSED);

    AppPolicy version = AppPolicy.builder().allowOsImageVersions("0.5.3").build();
    assertThat(VERIFIER.verify(AppEvidence.fromJson(text(LITE)), version).link(LinkResult.OS_IMAGE).reason())
        .contains("version");
  }

  @Test
  void withoutPinnedAcpiDigests_tablesAreUnverified_andRejectedByDefault() {
    AppVerifier noPins = AppVerifier.builder().referenceValues(ReferenceValues.empty()).build();
    AppVerification v = noPins.verify(AppEvidence.fromJson(text(LITE)), AppPolicy.defaults());
    JsonNode d = json(v.toJson()).get("details");
    assertThat(d.get("acpi_tables_verified").asBoolean()).isFalse();
    assertThat(d.get("os_image_hash_verified").asBoolean()).isTrue();
    assertThat(v.link(LinkResult.OS_IMAGE).reason()).contains("acpi_tables_verified is false");

    AppVerification allowed = noPins.verify(AppEvidence.fromJson(text(LITE)),
        AppPolicy.builder().allowUnverifiedAcpiTables(true).build());
    assertThat(allowed.link(LinkResult.OS_IMAGE).status()).isEqualTo(LinkStatus.PASSED);
  }
}

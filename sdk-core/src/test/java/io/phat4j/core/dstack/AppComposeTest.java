package io.phat4j.core.dstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppComposeTest {
  private static final JsonNode COMPOSE_VECTOR = Vectors.json("compose-hash.json");
  private static final String REAL = "real-info/kms-prod9-pha/";

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  @Test
  void canonicalComposeHash_sdkVector_matchesGetComposeHash() {
    AppCompose compose = AppCompose.parse(Vectors.write(COMPOSE_VECTOR.get("app_compose")));

    assertThat(compose.canonicalComposeHash(false).hex())
        .isEqualTo(COMPOSE_VECTOR.get("sorted_compact_sha256").asText());
    assertThat(compose.canonicalComposeHash(true).hex())
        .isEqualTo(COMPOSE_VECTOR.get("sorted_compact_normalized_sha256").asText());
  }

  @Test
  void composeHash_cloudPrettyDump_hashesExactBytes() {
    byte[] dump = COMPOSE_VECTOR.get("cloud_dump_app_compose_string").asText().getBytes(StandardCharsets.UTF_8);
    AppCompose compose = AppCompose.parse(dump);

    assertThat(compose.composeHash().hex()).isEqualTo(COMPOSE_VECTOR.get("cloud_dump_app_compose_sha256").asText());
    assertThat(ComposeHash.of(dump)).isEqualTo(compose.composeHash());
    // Same object, other serialisation: the exact-bytes hash differs from the sorted-compact one.
    assertThat(compose.composeHash()).isNotEqualTo(compose.canonicalComposeHash(true));
  }

  @Test
  void composeHash_realKmsCompose_matchesMeasuredEventAndAppId() {
    byte[] bytes = Vectors.bytes(REAL + "app_compose.json");
    JsonNode expected = Vectors.json(REAL + "expected.json");

    AppCompose compose = AppCompose.parse(bytes);

    assertThat(compose.composeHash().hex()).isEqualTo(expected.get("compose_hash_event").asText());
    assertThat(compose.appId().hex()).isEqualTo(expected.get("app_id_event").asText());
    assertThat(compose.appId()).isEqualTo(ComposeHash.appId(compose.composeHash()));
    assertThat(compose.exactBytes()).isEqualTo(bytes);
  }

  @Test
  void accessors_realKmsCompose_returnTypedFields() {
    AppCompose compose = AppCompose.parse(Vectors.bytes(REAL + "app_compose.json"));

    assertThat(compose.manifestVersion()).isEqualTo("2");
    assertThat(compose.name()).isEqualTo("mock-kms");
    assertThat(compose.runner()).isEqualTo("docker-compose");
    assertThat(compose.dockerComposeFile()).startsWith("services:\n  kms:\n    image: leechael/dstack-kms");
    assertThat(compose.kmsEnabled()).isFalse();
    assertThat(compose.gatewayEnabled()).isFalse();
    assertThat(compose.localKeyProviderEnabled()).isTrue();
    assertThat(compose.keyProviderId()).isEmpty();
    assertThat(compose.publicLogs()).isTrue();
    assertThat(compose.publicSysinfo()).isTrue();
    assertThat(compose.allowedEnvs()).isEmpty();
    assertThat(compose.noInstanceId()).isTrue();
    assertThat(compose.secureTime()).isFalse();
    assertThat(compose.publicTcbinfo()).isNull();
    assertThat(compose.bashScript()).isNull();
    assertThat(compose.preLaunchScript()).isNull();
    assertThat(compose.storageFs()).isNull();
    assertThat(compose.fieldNames()).startsWith("manifest_version", "name", "runner");
  }

  @Test
  void accessors_sdkVector_returnAllowedEnvsInOrder() {
    AppCompose compose = AppCompose.parse(Vectors.write(COMPOSE_VECTOR.get("app_compose")));

    assertThat(compose.allowedEnvs()).containsExactly("FOO", "API_KEY");
    assertThat(compose.publicTcbinfo()).isTrue();
    assertThat(compose.preLaunchScript()).isEmpty();
  }

  @Test
  void accessors_nullValue_readAsAbsent() {
    AppCompose compose = AppCompose.parse("{\"name\":null,\"kms_enabled\":null,\"allowed_envs\":null}");

    assertThat(compose.name()).isNull();
    assertThat(compose.kmsEnabled()).isNull();
    assertThat(compose.allowedEnvs()).isNull();
  }

  static Stream<Arguments> jsCases() {
    return Stream.of(Vectors.json("js-canonical.json").get("cases").spliterator())
        .flatMap(s -> java.util.stream.StreamSupport.stream(s, false))
        .map(c -> Arguments.of(c.get("input").asText(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsCases")
  void canonicalJson_nodeReferenceCases_matchDstackSdkByteForByte(String input, JsonNode c) throws Exception {
    AppCompose compose = AppCompose.parse(input);

    String plain = compose.canonicalJson(false);
    String normalized = compose.canonicalJson(true);

    assertThat(plain).isEqualTo(c.get("canonical").asText());
    assertThat(normalized).isEqualTo(c.get("normalized").asText());
    assertThat(compose.canonicalComposeHash(false).hex()).isEqualTo(c.get("canonical_sha256").asText());
    assertThat(compose.canonicalComposeHash(true).hex()).isEqualTo(c.get("normalized_sha256").asText());
    assertThat(HexFormat.of().formatHex(sha256(plain.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(c.get("canonical_sha256").asText());
  }

  @Test
  void canonicalJson_jsSpecExamples_matchHandDerivedStrings() {
    assertThat(AppCompose.parse("{\"b\":1,\"10\":2,\"2\":3}").canonicalJson(false))
        .isEqualTo("{\"2\":3,\"10\":2,\"b\":1}");
    assertThat(AppCompose.parse("{\"n\":[100.0,1e21,1.5e-7,-0,123456789012345678901]}").canonicalJson(false))
        .isEqualTo("{\"n\":[100,1e+21,1.5e-7,0,123456789012345680000]}");
    assertThat(AppCompose.parse("{\"s\":\"\\u0001\\u00e9\\n\"}").canonicalJson(false))
        .isEqualTo("{\"s\":\"\\u0001é\\n\"}");
  }

  @Test
  void canonicalJson_normalize_dropsPerRunnerAndFalsyPreLaunch() {
    AppCompose bash = AppCompose.parse(
        "{\"runner\":\"bash\",\"docker_compose_file\":\"x\",\"bash_script\":\"y\",\"pre_launch_script\":false}");
    AppCompose compose = AppCompose.parse(
        "{\"runner\":\"docker-compose\",\"docker_compose_file\":\"x\",\"bash_script\":\"y\",\"pre_launch_script\":\"z\"}");

    assertThat(bash.canonicalJson(true)).isEqualTo("{\"bash_script\":\"y\",\"runner\":\"bash\"}");
    assertThat(compose.canonicalJson(true))
        .isEqualTo("{\"docker_compose_file\":\"x\",\"pre_launch_script\":\"z\",\"runner\":\"docker-compose\"}");
    // Normalising works on a copy.
    assertThat(bash.canonicalJson(false)).contains("docker_compose_file");
  }

  @Test
  void exactBytes_callerArrayModified_composeUnchanged() {
    byte[] bytes = "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8);
    AppCompose compose = AppCompose.parse(bytes);
    Bytes32 hash = compose.composeHash();

    Arrays.fill(bytes, (byte) ' ');
    compose.exactBytes()[0] = 'x';

    assertThat(compose.composeHash()).isEqualTo(hash);
    assertThat(compose.exactBytes()).isEqualTo("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(compose.appId()).isEqualTo(AppId.fromHex(hash.hex().substring(0, 40)));
  }

  @Test
  void parse_malformedJson_throwsWithOffset() {
    assertThatThrownBy(() -> AppCompose.parse("{\"name\": \"a\",}"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("app_compose at offset 13")
        .hasMessageContaining("is not valid JSON");
  }

  @Test
  void parse_duplicateKey_throwsNamingKeyAndOffset() {
    assertThatThrownBy(() -> AppCompose.parse("{\"name\":\"a\",\"name\":\"b\"}"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("app_compose at offset 12")
        .hasMessageContaining("duplicate key \"name\"");
  }

  @Test
  void parse_topLevelArray_throws() {
    assertThatThrownBy(() -> AppCompose.parse("[1,2]"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("app_compose: must be a JSON object, got an array");
  }

  @Test
  void accessor_wrongFieldType_throwsNamingField() {
    AppCompose compose =
        AppCompose.parse("{\"kms_enabled\":\"yes\",\"allowed_envs\":[\"A\",1],\"runner\":{},\"manifest_version\":[]}");

    assertThatThrownBy(compose::kmsEnabled)
        .isInstanceOf(DecodeException.class)
        .hasMessage("app_compose.kms_enabled: must be a boolean, got a string");
    assertThatThrownBy(compose::allowedEnvs)
        .isInstanceOf(DecodeException.class)
        .hasMessage("app_compose.allowed_envs[1]: must be a string, got a number");
    assertThatThrownBy(compose::runner)
        .isInstanceOf(DecodeException.class)
        .hasMessage("app_compose.runner: must be a string, got an object");
    assertThatThrownBy(compose::manifestVersion)
        .isInstanceOf(DecodeException.class)
        .hasMessage("app_compose.manifest_version: must be a number or a string, got an array");
    // The canonical form does not depend on field types, as in getComposeHash.
    assertThat(compose.canonicalJson(true))
        .isEqualTo("{\"allowed_envs\":[\"A\",1],\"kms_enabled\":\"yes\",\"manifest_version\":[],\"runner\":{}}");
  }

  @Test
  void parse_invalidUtf8_throwsWithOffset() {
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'};
    assertThatThrownBy(() -> AppCompose.parse(bad))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("app_compose at offset")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void parse_byteOrderMark_throws() {
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'};
    assertThatThrownBy(() -> AppCompose.parse(bom))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("byte order mark");
  }

  @Test
  void parse_deeplyNested_throwsDecodeNotStackOverflow() {
    String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

    assertThatThrownBy(() -> AppCompose.parse(deep))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("app_compose: is not valid JSON")
        .hasMessageContaining("nesting depth");
  }

  @Test
  void parse_emptyInput_throws() {
    assertThatThrownBy(() -> AppCompose.parse(new byte[0]))
        .isInstanceOf(DecodeException.class)
        .hasMessage("app_compose at offset 0: is empty");
  }
}

package io.phat4j.core.dstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.dstack.MrConfigId.Inputs;
import io.phat4j.core.dstack.MrConfigId.KeyProviderKind;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vectors are those of Phala-Network/phala-cloud {@code js/src/utils/get_mr_config_id.test.ts}
 * (V1/V2 from dstack-types' Rust formula; V3 printed by dstack itself, pinned in the JS, Python and
 * Go SDKs alike).
 */
class MrConfigIdTest {
  private static final Bytes32 COMPOSE = Bytes32.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private static final AppId APP = AppId.fromHex("000102030405060708090a0b0c0d0e0f10111213");
  private static final Bytes32 V3_COMPOSE = Bytes32.fromHex("22".repeat(32));
  private static final AppId V3_APP = AppId.fromHex("11".repeat(20));
  private static final byte[] V3_KMS_ID = Hex.decode("id", "33".repeat(32));
  private static final byte[] V3_INSTANCE = Hex.decode("id", "44".repeat(20));

  private static String hex(byte[] b) {
    return Hex.encode(b);
  }

  @Test
  void v1_embedsComposeHash() {
    assertThat(hex(MrConfigId.v1(COMPOSE)))
        .isEqualTo("01000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f000000000000000000000000000000");
  }

  @Test
  void v2_matchesDstackVectors() {
    assertThat(hex(MrConfigId.v2(Inputs.of(COMPOSE, APP, KeyProviderKind.KMS, Hex.decode("k", "aabbccdd")))))
        .isEqualTo("02e472ed80a08042f044ba63b53b798e98e3ea5219cd078007b1ac8b3dfc762b94000000000000000000000000000000");
    assertThat(hex(MrConfigId.v2(Inputs.of(COMPOSE, APP, KeyProviderKind.NONE, new byte[0]))))
        .isEqualTo("02b21a3a65891c2c3955d82000b30fab13f4adc1a12dc4a84793ea322b71f1882a000000000000000000000000000000");
    Inputs caKey = Inputs.of(
        Bytes32.fromHex("4f475ed201ac079f2e4760fb7554763edcc97c48132d554666a2ec3fd2c9e099"),
        AppId.fromHex("8d8f406cf93e1cf54207fbf99c9bc437dd4d6aef"),
        KeyProviderKind.KMS,
        Hex.decode("k", "3059301306072a8648ce3d020106082a8648ce3d030107034200048844eb42ccdf8c52fd4f174f362fcb9bbd19c45fd48f1edec2d8f1ca23536ec1a74021b4cee610c074f8294d431b2b7fee2c39e5333fdaf0a4522d43fb159d9f"));
    assertThat(hex(MrConfigId.v2(caKey)))
        .isEqualTo("02dd0db3893b8c47b5e4098d7630d22959a1423af536890d10aaf3f0a7b169921b000000000000000000000000000000");
  }

  @Test
  void v3_kmsWithInstanceId_canonicalJsonAndDigest() {
    Inputs in = Inputs.of(V3_COMPOSE, V3_APP, KeyProviderKind.KMS, V3_KMS_ID).withInstanceId(V3_INSTANCE);
    assertThat(MrConfigId.v3Document(in)).isEqualTo(
        "{\"app_id\":\"1111111111111111111111111111111111111111\","
            + "\"compose_hash\":\"2222222222222222222222222222222222222222222222222222222222222222\","
            + "\"instance_id\":\"4444444444444444444444444444444444444444\","
            + "\"key_provider\":\"kms\","
            + "\"key_provider_id\":\"3333333333333333333333333333333333333333333333333333333333333333\","
            + "\"version\":3}");
    assertThat(hex(MrConfigId.v3(in)))
        .isEqualTo("0350fc88d0a462b6a0b06ba25859abc02e98c2a8d9bd000b7dc0d8bae65e71ecbb000000000000000000000000000000");
    assertThat(MrConfigId.snpHostDataV3(in).hex())
        .isEqualTo("50fc88d0a462b6a0b06ba25859abc02e98c2a8d9bd000b7dc0d8bae65e71ecbb");
  }

  @Test
  void v3_gpuPolicy_initScripts_emptyList_noneProvider_tpm() {
    Inputs base = Inputs.of(V3_COMPOSE, V3_APP, KeyProviderKind.KMS, V3_KMS_ID).withInstanceId(V3_INSTANCE);
    assertThat(hex(MrConfigId.v3(base.withGpuPolicyHash(
            Bytes32.fromHex("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")))))
        .isEqualTo("03893655c09844af05adb4d67af5917998038afe711bdcd3a3ec1dbd94ad272b85000000000000000000000000000000");
    Inputs local = Inputs.of(V3_COMPOSE, V3_APP, KeyProviderKind.LOCAL, Hex.decode("k", "55".repeat(20)))
        .withInstanceId(V3_INSTANCE)
        .withInitScriptHashes(List.of(Bytes32.fromHex("aa".repeat(32)), Bytes32.fromHex("bb".repeat(32))));
    assertThat(hex(MrConfigId.v3(local)))
        .isEqualTo("039af46bdc5deb1ea74f2c77b4f83165f1f3e4e37e3ce15462b5fee0d235912390000000000000000000000000000000");
    Inputs empty = base.withInitScriptHashes(Collections.emptyList());
    assertThat(MrConfigId.v3Document(empty)).contains("\"init_script_hashes\":[]");
    assertThat(hex(MrConfigId.v3(empty)))
        .isEqualTo("03ce2f8b8e4aa4cccdae73fb3a118047726b77d70b1e47bb0e3e48600603fd612c000000000000000000000000000000");
    assertThat(hex(MrConfigId.v3(Inputs.of(V3_COMPOSE, V3_APP, KeyProviderKind.NONE, new byte[0]))))
        .isEqualTo("0301d4d7e6ca2922bb80683c27fe1f4da318cf14d1c38db97563c2b6209af7dba5000000000000000000000000000000");
    Inputs tpm = Inputs.of(V3_COMPOSE, V3_APP, KeyProviderKind.TPM, Hex.decode("k", "66".repeat(16)))
        .withInstanceId(V3_INSTANCE)
        .withGpuPolicyHash(Bytes32.fromHex("55".repeat(32)))
        .withInitScriptHashes(List.of(Bytes32.fromHex("cc".repeat(32))));
    assertThat(hex(MrConfigId.v3(tpm)))
        .isEqualTo("03633f5444c26877f68c293d90a6feef58064e1e57367ac55c94b255cf3bdf8885000000000000000000000000000000");
  }

  @Test
  void check_dispatchesOnLayoutByte_andFailsClosed() {
    Inputs in = Inputs.of(V3_COMPOSE, V3_APP, KeyProviderKind.KMS, V3_KMS_ID).withInstanceId(V3_INSTANCE);
    byte[] v3 = Hex.decode("q", "0350fc88d0a462b6a0b06ba25859abc02e98c2a8d9bd000b7dc0d8bae65e71ecbb000000000000000000000000000000");
    MrConfigId.check(v3, in);
    MrConfigId.check(MrConfigId.v1(V3_COMPOSE), in);
    MrConfigId.check(MrConfigId.v2(in), in);

    assertThatThrownBy(() -> MrConfigId.check(v3, in.withInstanceId(Hex.decode("i", "45".repeat(20)))))
        .isInstanceOf(MrConfigIdMismatchException.class)
        .hasMessageContaining("layout 3");
    byte[] unknown = v3.clone();
    unknown[0] = 4;
    assertThatThrownBy(() -> MrConfigId.check(unknown, in))
        .isInstanceOf(MrConfigIdMismatchException.class)
        .hasMessageContaining("unknown layout");
    assertThat(MrConfigId.matches(new byte[47], in)).isFalse();
    assertThat(MrConfigId.matches(new byte[48], in)).isFalse();
    assertThatThrownBy(() -> MrConfigId.check(MrConfigId.v2(in), Inputs.of(V3_COMPOSE, null, KeyProviderKind.KMS, V3_KMS_ID)))
        .isInstanceOf(MrConfigIdMismatchException.class);
  }

  @Test
  void inputs_rejectWrongLengths() {
    assertThatThrownBy(() -> Inputs.of(V3_COMPOSE, V3_APP, KeyProviderKind.NONE, new byte[0]).withInstanceId(new byte[32]))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Inputs.of(V3_COMPOSE, V3_APP, KeyProviderKind.NONE, new byte[0])
            .withInitScriptHashes(Collections.nCopies(6, Bytes32.fromHex("aa".repeat(32)))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 5");
    assertThat(KeyProviderKind.parse("local-sgx")).isEqualTo(KeyProviderKind.LOCAL);
    Inputs fromEvent = Inputs.of(COMPOSE, APP, new KeyProvider("kms", "0xaabbccdd"));
    assertThat(hex(MrConfigId.v2(fromEvent)))
        .isEqualTo("02e472ed80a08042f044ba63b53b798e98e3ea5219cd078007b1ac8b3dfc762b94000000000000000000000000000000");
    assertThatThrownBy(() -> Inputs.of(COMPOSE, APP, new KeyProvider("hsm", "00")))
        .isInstanceOf(InvalidInputException.class);
  }
}

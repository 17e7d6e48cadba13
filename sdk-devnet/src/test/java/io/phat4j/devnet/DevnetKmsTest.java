package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.EnvKeySignatureVerifier;
import io.phat4j.core.crypto.X25519PublicKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The KMS's own RPC: env keys signed v1 (with timestamp) and legacy, both accepted by the SDK's verifier. */
@Timeout(60)
class DevnetKmsTest {
  private static Devnet devnet;

  @BeforeAll
  static void start() {
    devnet = Devnet.builder().chain(false).seed("kms-test").start();
  }

  @AfterAll
  static void stop() {
    devnet.close();
  }

  @Test
  void getAppEnvEncryptPubKey_signaturesV1AndLegacy_recoverToTheKmsRoot() {
    AppId appId = AppId.fromHex("ea549f02e1a25fabd1cb788380e033ec5461b2ff");
    JsonNode answer = new GuestHttp(devnet.kmsUrl().resolve("/prpc"))
        .call("GetAppEnvEncryptPubKey", "{\"app_id\":\"" + appId.hex() + "\"}");
    X25519PublicKey key = X25519PublicKey.fromHex("public_key", answer.get("public_key").asText());
    EnvKeySignatureVerifier verifier = EnvKeySignatureVerifier.builder().trustedKmsKey(devnet.kmsRootKey()).build();

    assertThat(verifier.verifyV1(appId, key, answer.get("timestamp").asLong(),
        Hex.decode("signature_v1", answer.get("signature_v1").asText()))).isEqualTo(devnet.kmsRootKey());
    assertThat(verifier.verifyLegacy(appId, key, Hex.decode("signature", answer.get("signature").asText())))
        .isEqualTo(devnet.kmsRootKey());
  }

  @Test
  void seededDevnet_keepsItsRootsAcrossRestarts_andOtherSeedsDiffer() {
    try (Devnet same = Devnet.builder().chain(false).seed("kms-test").start();
        Devnet other = Devnet.builder().chain(false).seed("another").start()) {
      assertThat(same.kmsRootKey()).isEqualTo(devnet.kmsRootKey());
      assertThat(same.rootCaSha256()).isEqualTo(devnet.rootCaSha256());
      assertThat(other.kmsRootKey()).isNotEqualTo(devnet.kmsRootKey());
      assertThat(other.rootCaSha256()).isNotEqualTo(devnet.rootCaSha256());
    }
  }
}

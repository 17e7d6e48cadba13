package io.phat4j.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.KmsSignatureException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EnvKeySignatureTest {
  private static final JsonNode V = Vectors.load("env-pubkey-signature.json");
  private static final AppId APP_ID = AppId.fromHex(Vectors.text(V, "app_id"));
  private static final X25519PublicKey ENV_KEY =
      X25519PublicKey.fromHex(Vectors.text(V, "env_public_key"));
  private static final long TS = V.get("timestamp").asLong();
  private static final Secp256k1PrivateKey KMS_SK =
      Secp256k1PrivateKey.fromHex(Vectors.text(V, "kms_root_secp256k1_private_key"));
  private static final Secp256k1PublicKey KMS_PK =
      Secp256k1PublicKey.fromHex(Vectors.text(V, "kms_root_public_key_compressed"));
  private static final byte[] SIG_V1 = Vectors.hex(V, "signature_v1");
  private static final byte[] SIG_LEGACY = Vectors.hex(V, "signature_legacy");

  private static EnvKeySignatureVerifier verifierAt(long nowSeconds) {
    return EnvKeySignatureVerifier.builder()
        .trustedKmsKey(KMS_PK)
        .clock(Clock.fixed(Instant.ofEpochSecond(nowSeconds), ZoneOffset.UTC))
        .build();
  }

  private static Reason reasonOf(Runnable r) {
    try {
      r.run();
    } catch (KmsSignatureException e) {
      return e.reason();
    }
    throw new AssertionError("no KmsSignatureException");
  }

  @Test
  void message_vector_hashesToVectorDigests() {
    byte[] app = APP_ID.toByteArray();
    assertThat(Hex.encode(EnvKeyMessage.keccak256(EnvKeyMessage.v1(app, ENV_KEY, TS))))
        .isEqualTo(Vectors.text(V, "v1_digest"));
    assertThat(Hex.encode(EnvKeyMessage.keccak256(EnvKeyMessage.legacy(app, ENV_KEY))))
        .isEqualTo(Vectors.text(V, "legacy_digest"));
    assertThat(Hex.encode(EnvKeyMessage.v1(app, ENV_KEY, TS)))
        .startsWith("64737461636b2d656e762d656e63727970742d7075626b65793a" + APP_ID.hex() + "00000000684ee180");
  }

  @Test
  void verifyV1_vectorSignatureWithinWindow_returnsTrustedKey() {
    Secp256k1PublicKey signer = verifierAt(TS + 10).verifyV1(APP_ID, ENV_KEY, TS, SIG_V1);
    assertThat(signer).isEqualTo(KMS_PK);
    assertThat(signer.compressedHex0x())
        .isEqualTo("0x02531fe6068134503d2723133227c867ac8fa6c83c537e9a44c3c5bdbdcb1fe337");
  }

  @Test
  void verifyLegacy_vectorSignature_returnsTrustedKey() {
    assertThat(verifierAt(TS + 1_000_000).verifyLegacy(APP_ID, ENV_KEY, SIG_LEGACY)).isEqualTo(KMS_PK);
  }

  @Test
  void recoverSigner_vectorSignatures_recoverKmsKey() {
    byte[] app = APP_ID.toByteArray();
    assertThat(EnvKeySignatureVerifier.recoverSignerV1(app, ENV_KEY, TS, SIG_V1)).isEqualTo(KMS_PK);
    assertThat(EnvKeySignatureVerifier.recoverSignerLegacy(app, ENV_KEY, SIG_LEGACY)).isEqualTo(KMS_PK);
    assertThat(EnvKeySignatureVerifier.recoverSignerV1(APP_ID, ENV_KEY, TS, SIG_V1).compressedHex0x())
        .isEqualTo("0x" + Vectors.text(V, "kms_root_public_key_compressed"));
    assertThat(EnvKeySignatureVerifier.recoverSignerLegacy(APP_ID, ENV_KEY, SIG_LEGACY)).isEqualTo(KMS_PK);
  }

  @Test
  void recoverSigner_emptyAppId_isMalformed() {
    assertThatThrownBy(() -> EnvKeySignatureVerifier.recoverSignerLegacy(new byte[0], ENV_KEY, SIG_LEGACY))
        .isInstanceOf(KmsSignatureException.class)
        .hasMessageContaining("app_id is empty");
  }

  @Test
  void sign_vectorKmsKey_reproducesVectorSignatures() {
    EnvKeySigner signer = EnvKeySigner.create(KMS_SK);
    assertThat(Hex.encode(signer.signV1(APP_ID, ENV_KEY, TS))).isEqualTo(Vectors.text(V, "signature_v1"));
    assertThat(Hex.encode(signer.signLegacy(APP_ID, ENV_KEY))).isEqualTo(Vectors.text(V, "signature_legacy"));
    assertThat(signer.publicKey()).isEqualTo(KMS_PK);
  }

  @Test
  void sign_generatedKey_verifiesWithThatKeyOnly() {
    Secp256k1PrivateKey kms = Secp256k1PrivateKey.generate();
    byte[] sig = EnvKeySigner.create(kms).signV1(APP_ID, ENV_KEY, TS);
    assertThat(sig[64]).isIn((byte) 0, (byte) 1);
    EnvKeySignatureVerifier ok =
        EnvKeySignatureVerifier.builder()
            .trustedKmsKey(kms.publicKey())
            .clock(Clock.fixed(Instant.ofEpochSecond(TS), ZoneOffset.UTC))
            .build();
    assertThat(ok.verifyV1(APP_ID, ENV_KEY, TS, sig)).isEqualTo(kms.publicKey());
    assertThat(reasonOf(() -> verifierAt(TS).verifyV1(APP_ID, ENV_KEY, TS, sig)))
        .isEqualTo(Reason.NOT_TRUSTED);
  }

  @Test
  void verifyV1_ethereumStyleV_isAccepted() {
    byte[] sig = SIG_V1.clone();
    sig[64] = (byte) (sig[64] + 27);
    assertThat(verifierAt(TS).verifyV1(APP_ID, ENV_KEY, TS, sig)).isEqualTo(KMS_PK);
  }

  @Test
  void verifyV1_flippedSignatureByte_isRejected() {
    byte[] sig = SIG_V1.clone();
    sig[10] ^= 0x01;
    assertThatThrownBy(() -> verifierAt(TS).verifyV1(APP_ID, ENV_KEY, TS, sig))
        .isInstanceOf(KmsSignatureException.class)
        .satisfies(e -> assertThat(((KmsSignatureException) e).reason()).isIn(Reason.NOT_TRUSTED, Reason.INVALID))
        .hasMessageContaining("signature");
  }

  @Test
  void verifyV1_otherPublicKey_isNotTrusted() {
    X25519PublicKey other = X25519PrivateKey.generate().publicKey();
    assertThatThrownBy(() -> verifierAt(TS).verifyV1(APP_ID, other, TS, SIG_V1))
        .isInstanceOf(KmsSignatureException.class)
        .hasMessageContaining("not by the trusted KMS key " + KMS_PK.compressedHex0x());
    assertThat(reasonOf(() -> verifierAt(TS).verifyV1(APP_ID, other, TS, SIG_V1)))
        .isEqualTo(Reason.NOT_TRUSTED);
  }

  @Test
  void verifyV1_otherTimestampInWindow_isNotTrusted() {
    assertThat(reasonOf(() -> verifierAt(TS).verifyV1(APP_ID, ENV_KEY, TS + 1, SIG_V1)))
        .isEqualTo(Reason.NOT_TRUSTED);
  }

  @Test
  void verifyV1_badRecoveryByte_isMalformed() {
    byte[] sig = SIG_V1.clone();
    sig[64] = 2;
    assertThatThrownBy(() -> verifierAt(TS).verifyV1(APP_ID, ENV_KEY, TS, sig))
        .isInstanceOf(KmsSignatureException.class)
        .hasMessageContaining("v must be 0, 1, 27 or 28, got 2");
    assertThat(reasonOf(() -> verifierAt(TS).verifyV1(APP_ID, ENV_KEY, TS, sig))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void verifyV1_wrongLength_isMalformed() {
    byte[] sig = java.util.Arrays.copyOf(SIG_V1, 64);
    assertThatThrownBy(() -> verifierAt(TS).verifyV1(APP_ID, ENV_KEY, TS, sig))
        .isInstanceOf(KmsSignatureException.class)
        .hasMessageContaining("must be 65 bytes (r, s, v), got 64 bytes");
  }

  @Test
  void verifyV1_zeroR_isMalformed() {
    byte[] sig = SIG_V1.clone();
    java.util.Arrays.fill(sig, 0, 32, (byte) 0);
    assertThatThrownBy(() -> verifierAt(TS).verifyV1(APP_ID, ENV_KEY, TS, sig))
        .isInstanceOf(KmsSignatureException.class)
        .hasMessageContaining("r or s is out of range");
  }

  @Test
  void verifyV1_staleTimestamp_isStale() {
    EnvKeySignatureVerifier v = verifierAt(TS + 301);
    assertThatThrownBy(() -> v.verifyV1(APP_ID, ENV_KEY, TS, SIG_V1))
        .isInstanceOf(KmsSignatureException.class)
        .hasMessageContaining("is older than 300 s");
    assertThat(reasonOf(() -> v.verifyV1(APP_ID, ENV_KEY, TS, SIG_V1))).isEqualTo(Reason.STALE);
    assertThat(verifierAt(TS + 300).verifyV1(APP_ID, ENV_KEY, TS, SIG_V1)).isEqualTo(KMS_PK);
  }

  @Test
  void verifyV1_futureTimestamp_isFuture() {
    EnvKeySignatureVerifier v = verifierAt(TS - 61);
    assertThatThrownBy(() -> v.verifyV1(APP_ID, ENV_KEY, TS, SIG_V1))
        .isInstanceOf(KmsSignatureException.class)
        .hasMessageContaining("more than 60 s in the future");
    assertThat(reasonOf(() -> v.verifyV1(APP_ID, ENV_KEY, TS, SIG_V1))).isEqualTo(Reason.FUTURE);
    assertThat(verifierAt(TS - 60).verifyV1(APP_ID, ENV_KEY, TS, SIG_V1)).isEqualTo(KMS_PK);
  }

  @Test
  void verifyV1_customMaxAge_isApplied() {
    EnvKeySignatureVerifier v =
        EnvKeySignatureVerifier.builder()
            .trustedKmsKey(KMS_PK)
            .maxAge(Duration.ofDays(3650))
            .clock(Clock.fixed(Instant.ofEpochSecond(TS + 86_400), ZoneOffset.UTC))
            .build();
    assertThat(v.verifyV1(APP_ID, ENV_KEY, TS, SIG_V1)).isEqualTo(KMS_PK);
  }

  @Test
  void verifyLegacy_v1SignatureUsedAsLegacy_isNotTrusted() {
    assertThat(reasonOf(() -> verifierAt(TS).verifyLegacy(APP_ID, ENV_KEY, SIG_V1)))
        .isEqualTo(Reason.NOT_TRUSTED);
  }

  @Test
  void builder_withoutTrustedKey_throws() {
    assertThatThrownBy(() -> EnvKeySignatureVerifier.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("trustedKmsKey is required");
  }

  @Test
  void signer_toString_doesNotRevealPrivateKey() {
    assertThat(EnvKeySigner.create(KMS_SK).toString()).doesNotContain("0303030303").contains("02531fe6");
  }
}

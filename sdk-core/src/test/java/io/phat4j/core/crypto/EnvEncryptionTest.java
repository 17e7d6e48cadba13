package io.phat4j.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.SecretString;
import io.phat4j.core.crypto.internal.EnvJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class EnvEncryptionTest {
  private static final JsonNode V = Vectors.load("env-encryption.json");
  private static final X25519PrivateKey APP_KEY =
      X25519PrivateKey.fromHex(Vectors.text(V, "recipient_x25519_private_key"));
  private static final X25519PublicKey APP_PUB =
      X25519PublicKey.fromHex(Vectors.text(V, "recipient_x25519_public_key"));

  private static List<EnvVar> vectorEnv() {
    List<EnvVar> vars = new ArrayList<>();
    for (JsonNode e : V.get("env")) {
      vars.add(EnvVar.of(e.get("key").asText(), e.get("value").asText()));
    }
    return vars;
  }

  private static EncryptedEnv encryptVector() {
    return EnvEncryptor.create(APP_PUB)
        .encrypt(
            vectorEnv(),
            X25519PrivateKey.fromHex(Vectors.text(V, "ephemeral_x25519_private_key")),
            Vectors.hex(V, "iv"));
  }

  @Test
  void encrypt_vectorEphemeralKeyAndIv_reproducesVectorByteForByte() {
    EncryptedEnv out = encryptVector();
    assertThat(out.hex()).isEqualTo(Vectors.text(V, "encrypted_env_hex"));
    assertThat(out.toByteArray()).hasSize(138);
    assertThat(out.ephemeralPublicKey().hex()).isEqualTo(Vectors.text(V, "ephemeral_x25519_public_key"));
    assertThat(out.iv()).isEqualTo(Vectors.hex(V, "iv"));
  }

  @Test
  void plaintextJson_vectorEnv_matchesJsonStringify() {
    assertThat(new String(EnvJson.write(vectorEnv()), StandardCharsets.UTF_8))
        .isEqualTo(Vectors.text(V, "plaintext_utf8"));
  }

  @Test
  void plaintextJson_specialCharacters_matchesJsonStringifyOutput() {
    // Expected bytes are what node's JSON.stringify printed for the same strings.
    List<EnvVar> vars =
        List.of(
            EnvVar.of("A\"\\\b\f\n\r\t\u0001\u001f\u007f", "\u00e9\u20ac\uD83D\uDE00\uD800x\uDC00\u2028"));
    String expected =
        "{\"env\":[{\"key\":\"A\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\","
            + "\"value\":\"\u00e9\u20ac\uD83D\uDE00\\ud800x\\udc00\u2028\"}]}";
    assertThat(new String(EnvJson.write(vars), StandardCharsets.UTF_8)).isEqualTo(expected);
    // Non-ASCII stays raw UTF-8: é is two bytes, not a \\u escape.
    assertThat(EnvJson.write(List.of(EnvVar.of("K", "\u00e9")))).containsSequence(0xc3, 0xa9);
  }

  @Test
  void decrypt_vectorCiphertext_givesVectorEnv() {
    List<EnvVar> vars = EnvDecryptor.create(APP_KEY).decrypt(Vectors.text(V, "encrypted_env_hex"));
    assertThat(vars).containsExactlyElementsOf(vectorEnv());
    assertThat(vars.get(1).value().reveal()).isEqualTo("sk-test-1234");
  }

  @Test
  void decryptJson_vectorCiphertext_givesVectorPlaintextBytes() {
    byte[] json =
        EnvDecryptor.create(APP_KEY).decryptJson(Vectors.hex(V, "encrypted_env_hex"));
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(Vectors.text(V, "plaintext_utf8"));
  }

  @Test
  void encrypt_freshRandomness_roundTripsAndDiffersEachTime() {
    X25519PrivateKey app = X25519PrivateKey.generate();
    List<EnvVar> vars =
        List.of(EnvVar.of("TOKEN", "t\u00f6k\"en\n\uD800"), EnvVar.of("EMPTY", ""));
    EnvEncryptor enc = EnvEncryptor.create(app.publicKey());
    EncryptedEnv a = enc.encrypt(vars);
    EncryptedEnv b = enc.encrypt(vars);
    assertThat(a).isNotEqualTo(b);
    assertThat(a.ephemeralPublicKey()).isNotEqualTo(b.ephemeralPublicKey());
    EnvDecryptor dec = EnvDecryptor.create(app);
    assertThat(dec.decrypt(a.toByteArray())).containsExactlyElementsOf(vars);
    assertThat(dec.decrypt(b.hex())).containsExactlyElementsOf(vars);
  }

  @Test
  void encrypt_emptyKey_throwsInvalidEnvKey() {
    assertThatThrownBy(() -> EnvEncryptor.create(APP_PUB).encrypt(List.of(EnvVar.of("", "v"))))
        .isInstanceOf(InvalidEnvKeyException.class)
        .hasMessageContaining("env[0]: env key \"\" is not a valid name");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"MY SECRET", "A-B", "1X", "A=B", "K\n", " K", "É"})
  void encrypt_keyNotAnEnvName_throwsInvalidEnvKeyNamingIt(String key) {
    assertThatThrownBy(() -> EnvEncryptor.create(APP_PUB).encrypt(List.of(EnvVar.of("OK_1", "x"), EnvVar.of(key, "secret-value"))))
        .isInstanceOfSatisfying(InvalidEnvKeyException.class, e -> assertThat(e.key()).isEqualTo(key))
        .hasMessageStartingWith("env[1]: env key ")
        .hasMessageNotContaining("secret-value")
        .hasMessageNotContaining("\n");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"A", "_", "_x1", "API_KEY", "a9"})
  void encrypt_validEnvNames_accepted(String key) {
    assertThat(EnvVar.isValidKey(key)).isTrue();
    assertThat(EnvEncryptor.create(APP_PUB).encrypt(List.of(EnvVar.of(key, "v"))).hex()).isNotEmpty();
  }

  @Test
  void encrypt_duplicateKey_throwsInvalidInput() {
    List<EnvVar> vars = List.of(EnvVar.of("A", "1"), EnvVar.of("A", "secret-2"));
    assertThatThrownBy(() -> EnvEncryptor.create(APP_PUB).encrypt(vars))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'A' appears more than once")
        .hasMessageNotContaining("secret-2");
  }

  @Test
  void encrypt_keyNotInAllowedEnvs_throwsInvalidInput() {
    EnvEncryptor enc = EnvEncryptor.create(APP_PUB, Set.of("FOO"));
    assertThat(EnvDecryptor.create(APP_KEY).decrypt(enc.encrypt(List.of(EnvVar.of("FOO", "x")))))
        .containsExactly(EnvVar.of("FOO", "x"));
    assertThatThrownBy(() -> enc.encrypt(List.of(EnvVar.of("FOO", "x"), EnvVar.of("BAR", "y"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'BAR' is not in allowed_envs");
  }

  @Test
  void envVar_nullValue_throwsNullPointer() {
    assertThatThrownBy(() -> new EnvVar("K", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("env value is null");
  }

  @Test
  void envVar_toString_hidesValue() {
    assertThat(new EnvVar("API_KEY", SecretString.of("sk-live-xyz")).toString())
        .contains("API_KEY")
        .doesNotContain("sk-live-xyz");
  }

  @Test
  void toString_decryptorAndOpener_doNotRevealPrivateKey() {
    assertThat(EnvDecryptor.create(APP_KEY).toString())
        .doesNotContain(Vectors.text(V, "recipient_x25519_private_key"))
        .contains("redacted");
    assertThat(InputOpener.create(APP_KEY).toString()).doesNotContain("0101010101").contains("redacted");
  }

  @Test
  void encrypt_lowOrderRecipientKey_throwsCryptoException() {
    EnvEncryptor enc = EnvEncryptor.create(X25519PublicKey.of(new byte[32]));
    assertThatThrownBy(() -> enc.encrypt(vectorEnv()))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("low-order point");
  }

  @Test
  void encrypt_ivWrongLength_throwsIllegalArgument() {
    assertThatThrownBy(
            () -> EnvEncryptor.create(APP_PUB).encrypt(vectorEnv(), X25519PrivateKey.generate(), new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iv must be 12 bytes, got 16");
  }

  @Test
  void decrypt_tamperedCiphertext_throwsCryptoException() {
    byte[] blob = encryptVector().toByteArray();
    blob[50] ^= 0x01;
    assertThatThrownBy(() -> EnvDecryptor.create(APP_KEY).decrypt(blob))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("tag mismatch");
  }

  @Test
  void decrypt_tamperedTag_throwsCryptoException() {
    byte[] blob = encryptVector().toByteArray();
    blob[blob.length - 1] ^= (byte) 0x80;
    assertThatThrownBy(() -> EnvDecryptor.create(APP_KEY).decrypt(blob))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("tag mismatch");
  }

  @Test
  void decrypt_wrongPrivateKey_throwsCryptoException() {
    assertThatThrownBy(
            () -> EnvDecryptor.create(X25519PrivateKey.generate()).decrypt(encryptVector().hex()))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("wrong key or tampered data");
  }

  @Test
  void decrypt_truncatedBelowMinimum_throwsCryptoException() {
    byte[] blob = java.util.Arrays.copyOf(encryptVector().toByteArray(), 59);
    assertThatThrownBy(() -> EnvDecryptor.create(APP_KEY).decrypt(blob))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("encrypted_env is too short")
        .hasMessageContaining("got 59");
    assertThatThrownBy(() -> EnvDecryptor.create(APP_KEY).decryptJson(new byte[0]))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("got 0");
  }

  @Test
  void encryptedEnvOf_truncated_throwsDecodeExceptionWithOffset() {
    assertThatThrownBy(() -> EncryptedEnv.fromHex("00".repeat(59)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("encrypted_env at offset 59")
        .hasMessageContaining("truncated");
  }

  @Test
  void decrypt_truncatedCiphertext_throwsCryptoException() {
    byte[] full = encryptVector().toByteArray();
    byte[] blob = java.util.Arrays.copyOf(full, full.length - 5);
    assertThatThrownBy(() -> EnvDecryptor.create(APP_KEY).decrypt(blob))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("did not authenticate");
  }

  @Test
  void decrypt_oddHex_throwsDecodeException() {
    assertThatThrownBy(() -> EnvDecryptor.create(APP_KEY).decrypt(Vectors.text(V, "encrypted_env_hex") + "0"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("encrypted_env")
        .hasMessageContaining("odd number of digits");
  }

  @Test
  void decrypt_badHex_throwsDecodeException() {
    assertThatThrownBy(() -> EnvDecryptor.create(APP_KEY).decrypt("g" + Vectors.text(V, "encrypted_env_hex").substring(1)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("invalid hex character 'g' at position 0");
  }

  @Test
  void decrypt_malformedJsonPlaintext_throwsDecodeExceptionWithoutPlaintext() {
    byte[] blob = sealRaw("{\"env\":[{\"key\":\"K\",\"value\":sk-secret-777}]}");
    assertThatThrownBy(() -> EnvDecryptor.create(APP_KEY).decrypt(blob))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("env_json at offset")
        .hasMessageContaining("is not valid JSON")
        .hasMessageNotContaining("sk-secret")
        .hasNoCause();
  }

  @Test
  void decrypt_wrongJsonShape_throwsDecodeException() {
    byte[] blob = sealRaw("{\"env\":[{\"key\":\"K\",\"value\":7}]}");
    assertThatThrownBy(() -> EnvDecryptor.create(APP_KEY).decrypt(blob))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("env[0] must be an object with string \"key\" and \"value\"");
  }

  @Test
  void decrypt_trailingGarbageAfterJson_throwsDecodeException() {
    byte[] blob = sealRaw("{\"env\":[]} x");
    assertThatThrownBy(() -> EnvDecryptor.create(APP_KEY).decrypt(blob))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("is not valid JSON");
  }

  /** Encrypts arbitrary plaintext in dstack's layout with plain JCA, to feed the decryptor bad JSON. */
  private static byte[] sealRaw(String plaintext) {
    try {
      X25519PrivateKey esk = X25519PrivateKey.generate();
      byte[] key = esk.agree(APP_PUB).revealBytes();
      byte[] iv = new byte[12];
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[44 + ct.length];
      System.arraycopy(esk.publicKey().toByteArray(), 0, out, 0, 32);
      System.arraycopy(ct, 0, out, 44, ct.length);
      return out;
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}

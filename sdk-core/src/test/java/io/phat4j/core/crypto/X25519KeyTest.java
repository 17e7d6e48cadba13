package io.phat4j.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import org.junit.jupiter.api.Test;

class X25519KeyTest {
  private static final JsonNode V = Vectors.load("env-encryption.json");

  @Test
  void publicKey_vectorPrivateKey_matchesVectorPublicKey() {
    X25519PrivateKey sk = X25519PrivateKey.fromHex(Vectors.text(V, "recipient_x25519_private_key"));
    assertThat(sk.publicKey().hex()).isEqualTo(Vectors.text(V, "recipient_x25519_public_key"));
    X25519PrivateKey esk = X25519PrivateKey.fromHex(Vectors.text(V, "ephemeral_x25519_private_key"));
    assertThat(esk.publicKey().hex()).isEqualTo(Vectors.text(V, "ephemeral_x25519_public_key"));
  }

  @Test
  void agree_vectorKeys_givesVectorSharedSecretFromBothSides() {
    X25519PrivateKey sk = X25519PrivateKey.fromHex(Vectors.text(V, "recipient_x25519_private_key"));
    X25519PrivateKey esk = X25519PrivateKey.fromHex(Vectors.text(V, "ephemeral_x25519_private_key"));
    byte[] expected = Vectors.hex(V, "shared_secret_aes_key");
    assertThat(esk.agree(sk.publicKey()).revealBytes()).isEqualTo(expected);
    assertThat(sk.agree(esk.publicKey()).revealBytes()).isEqualTo(expected);
  }

  @Test
  void agree_allZeroPublicKey_throwsCryptoException() {
    X25519PrivateKey sk = X25519PrivateKey.generate();
    assertThatThrownBy(() -> sk.agree(X25519PublicKey.of(new byte[32])))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("low-order point");
  }

  @Test
  void agree_orderFourPoint_throwsCryptoException() {
    // u = 1 has order 4 on Curve25519; every shared secret with it is zero.
    byte[] one = new byte[32];
    one[0] = 1;
    assertThatThrownBy(() -> X25519PrivateKey.generate().agree(X25519PublicKey.of(one)))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("all zeros");
  }

  @Test
  void fromHex_with0xPrefix_acceptsSameKey() {
    String hex = Vectors.text(V, "recipient_x25519_public_key");
    assertThat(X25519PublicKey.fromHex("0x" + hex)).isEqualTo(X25519PublicKey.fromHex(hex));
  }

  @Test
  void fromHex_wrongLength_throwsDecodeException() {
    assertThatThrownBy(() -> X25519PublicKey.fromHex("public_key", "00".repeat(31)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("public_key")
        .hasMessageContaining("must be 32 bytes");
  }

  @Test
  void of_wrongLength_throwsDecodeException() {
    assertThatThrownBy(() -> X25519PublicKey.of(new byte[33]))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("must be 32 bytes, got 33");
  }

  @Test
  void fromHex_nonHexCharacter_throwsDecodeExceptionWithPosition() {
    assertThatThrownBy(() -> X25519PublicKey.fromHex("zz" + "00".repeat(31)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("invalid hex character 'z' at position 0");
  }

  @Test
  void fromHex_oddLength_throwsDecodeException() {
    assertThatThrownBy(() -> X25519PublicKey.fromHex("0".repeat(63)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("odd number of digits");
  }

  @Test
  void privateFromHex_badHex_doesNotEchoTheSecret() {
    String secretish = "ab".repeat(31) + "zz";
    assertThatThrownBy(() -> X25519PrivateKey.fromHex(secretish))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("x25519_private_key")
        .hasMessageNotContaining("abab");
  }

  @Test
  void privateOf_wrongLength_throwsDecodeException() {
    assertThatThrownBy(() -> X25519PrivateKey.of(new byte[16]))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("must be 32 bytes, got 16");
  }

  @Test
  void toString_privateKey_isRedacted() {
    String skHex = Vectors.text(V, "recipient_x25519_private_key");
    X25519PrivateKey sk = X25519PrivateKey.fromHex(skHex);
    assertThat(sk.toString()).contains("redacted").doesNotContain(skHex).doesNotContain("0101");
    assertThat(sk.secret().toString()).doesNotContain("0101");
  }

  @Test
  void generate_twice_givesDifferentKeys() {
    assertThat(X25519PrivateKey.generate()).isNotEqualTo(X25519PrivateKey.generate());
  }
}

package io.phat4j.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import org.junit.jupiter.api.Test;

class Secp256k1KeyTest {
  private static final JsonNode V = Vectors.load("env-pubkey-signature.json");

  @Test
  void publicKey_vectorPrivateKey_matchesVectorCompressedKey() {
    Secp256k1PrivateKey sk =
        Secp256k1PrivateKey.fromHex(Vectors.text(V, "kms_root_secp256k1_private_key"));
    assertThat(sk.publicKey().compressedHex0x())
        .isEqualTo("0x" + Vectors.text(V, "kms_root_public_key_compressed"));
  }

  @Test
  void of_uncompressedEncoding_equalsCompressedForm() {
    Secp256k1PublicKey compressed =
        Secp256k1PublicKey.fromHex(Vectors.text(V, "kms_root_public_key_compressed"));
    Secp256k1PublicKey uncompressed = Secp256k1PublicKey.of(compressed.uncompressed());
    assertThat(uncompressed.uncompressed()).hasSize(65).startsWith(0x04);
    assertThat(uncompressed).isEqualTo(compressed);
    assertThat(uncompressed.compressedHex0x()).hasSize(68).isEqualTo(compressed.compressedHex0x());
  }

  @Test
  void of_pointNotOnCurve_throwsDecodeException() {
    byte[] enc =
        Secp256k1PublicKey.fromHex(Vectors.text(V, "kms_root_public_key_compressed")).uncompressed();
    enc[64] ^= 1; // y no longer satisfies the curve equation
    assertThatThrownBy(() -> Secp256k1PublicKey.of(enc))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("not a")
        .hasMessageContaining("point on secp256k1");
  }

  @Test
  void of_compressedXWithoutPoint_throwsDecodeException() {
    // x = 5: x^3 + 7 = 132 is not a square mod p, so no point has this x.
    byte[] enc = new byte[33];
    enc[0] = 0x02;
    enc[32] = 5;
    assertThatThrownBy(() -> Secp256k1PublicKey.of(enc))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("secp256k1");
  }

  @Test
  void of_wrongLength_throwsDecodeException() {
    assertThatThrownBy(() -> Secp256k1PublicKey.of(new byte[64]))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("got 64 bytes");
  }

  @Test
  void of_badPrefix_throwsDecodeException() {
    byte[] enc =
        Secp256k1PublicKey.fromHex(Vectors.text(V, "kms_root_public_key_compressed")).compressed();
    enc[0] = 0x04;
    assertThatThrownBy(() -> Secp256k1PublicKey.of(enc))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("33 bytes starting 02/03");
  }

  @Test
  void fromHex_badHex_throwsDecodeException() {
    assertThatThrownBy(() -> Secp256k1PublicKey.fromHex("kms_key", "0x02zz"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("kms_key")
        .hasMessageContaining("invalid hex character");
  }

  @Test
  void privateOf_zeroScalar_throwsDecodeException() {
    assertThatThrownBy(() -> Secp256k1PrivateKey.of(new byte[32]))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("[1, n-1]");
  }

  @Test
  void privateOf_scalarAtOrder_throwsDecodeException() {
    byte[] n = Hex.decode("n", "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    assertThatThrownBy(() -> Secp256k1PrivateKey.of(n))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("[1, n-1]");
  }

  @Test
  void toString_privateKey_isRedacted() {
    String skHex = Vectors.text(V, "kms_root_secp256k1_private_key");
    Secp256k1PrivateKey sk = Secp256k1PrivateKey.fromHex(skHex);
    assertThat(sk.toString()).contains("redacted").doesNotContain("0303");
  }
}

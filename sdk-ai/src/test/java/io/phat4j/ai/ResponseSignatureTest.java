package io.phat4j.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

class ResponseSignatureTest {
  private static final String TEXT = SignedText.of(
      "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8),
      "{\"id\":\"chatcmpl-1\"}".getBytes(StandardCharsets.UTF_8)).text();

  static ECKeyPair ecKey() {
    try {
      return Keys.createEcKeyPair(new SecureRandom());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** EIP-191 personal_sign as the server does it: r‖s‖v with v 27/28. */
  static String personalSign(String text, ECKeyPair key) {
    Sign.SignatureData s = Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), key);
    byte[] out = new byte[65];
    System.arraycopy(s.getR(), 0, out, 0, 32);
    System.arraycopy(s.getS(), 0, out, 32, 32);
    out[64] = s.getV()[0];
    return Hex.encode0x(out);
  }

  static String address(ECKeyPair key) {
    return Keys.toChecksumAddress(Keys.getAddress(key));
  }

  static Ed25519PrivateKeyParameters edKey() {
    return new Ed25519PrivateKeyParameters(new SecureRandom());
  }

  static String edSign(String text, Ed25519PrivateKeyParameters key) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    byte[] m = text.getBytes(StandardCharsets.UTF_8);
    s.update(m, 0, m.length);
    return Hex.encode(s.generateSignature());
  }

  @Test
  void isValid_ecdsaSignedByAddress_true() {
    ECKeyPair key = ecKey();
    ResponseSignature sig = new ResponseSignature(TEXT, personalSign(TEXT, key), address(key), SigningAlgorithm.ECDSA);

    assertThat(sig.isValid()).isTrue();
  }

  @Test
  void isValid_ecdsaAddressLowercaseWithoutPrefix_true() {
    ECKeyPair key = ecKey();
    String addr = Keys.getAddress(key).toLowerCase(Locale.ROOT);

    assertThat(new ResponseSignature(TEXT, personalSign(TEXT, key), addr, SigningAlgorithm.ECDSA).isValid()).isTrue();
  }

  @Test
  void isValid_ecdsaRecoveryIdZeroOrOne_true() {
    ECKeyPair key = ecKey();
    byte[] sig = Hex.decode("sig", personalSign(TEXT, key));
    sig[64] -= 27;

    assertThat(new ResponseSignature(TEXT, Hex.encode(sig), address(key), SigningAlgorithm.ECDSA).isValid()).isTrue();
  }

  @Test
  void isValid_ecdsaOtherKeysAddress_false() {
    ECKeyPair key = ecKey();

    assertThat(new ResponseSignature(TEXT, personalSign(TEXT, key), address(ecKey()), SigningAlgorithm.ECDSA).isValid())
        .isFalse();
  }

  @Test
  void isValid_ecdsaOtherText_false() {
    ECKeyPair key = ecKey();
    String other = TEXT.substring(0, TEXT.length() - 1) + (TEXT.endsWith("0") ? "1" : "0");

    assertThat(new ResponseSignature(other, personalSign(TEXT, key), address(key), SigningAlgorithm.ECDSA).isValid())
        .isFalse();
  }

  @Test
  void isValid_ecdsaEveryFlippedByte_false() {
    ECKeyPair key = ecKey();
    byte[] good = Hex.decode("sig", personalSign(TEXT, key));
    for (int i = 0; i < 65; i++) {
      byte[] sig = good.clone();
      sig[i] ^= 0x01;
      assertThat(new ResponseSignature(TEXT, Hex.encode(sig), address(key), SigningAlgorithm.ECDSA).isValid())
          .as("byte %d flipped", i).isFalse();
    }
  }

  @Test
  void isValid_ecdsaBadRecoveryId_false() {
    ECKeyPair key = ecKey();
    byte[] sig = Hex.decode("sig", personalSign(TEXT, key));
    sig[64] = 35;

    assertThat(new ResponseSignature(TEXT, Hex.encode(sig), address(key), SigningAlgorithm.ECDSA).isValid()).isFalse();
  }

  @Test
  void isValid_ecdsaMalformedHex_throwsDecodeException() {
    ECKeyPair key = ecKey();

    assertThatThrownBy(() -> new ResponseSignature(TEXT, "0xzz", address(key), SigningAlgorithm.ECDSA).isValid())
        .isInstanceOf(DecodeException.class).hasMessageContaining("signature");
    assertThatThrownBy(() -> new ResponseSignature(TEXT, "00".repeat(64), address(key), SigningAlgorithm.ECDSA).isValid())
        .isInstanceOf(DecodeException.class).hasMessageContaining("65 bytes");
    assertThatThrownBy(() -> new ResponseSignature(TEXT, personalSign(TEXT, key), "0x1234", SigningAlgorithm.ECDSA)
        .isValid()).isInstanceOf(DecodeException.class).hasMessageContaining("signing_address");
  }

  @Test
  void isValid_ed25519SignedByKey_true() {
    Ed25519PrivateKeyParameters key = edKey();
    String pub = Hex.encode(key.generatePublicKey().getEncoded());

    assertThat(new ResponseSignature(TEXT, edSign(TEXT, key), pub, SigningAlgorithm.ED25519).isValid()).isTrue();
  }

  @Test
  void isValid_ed25519OtherKey_false() {
    String otherPub = Hex.encode(edKey().generatePublicKey().getEncoded());

    assertThat(new ResponseSignature(TEXT, edSign(TEXT, edKey()), otherPub, SigningAlgorithm.ED25519).isValid())
        .isFalse();
  }

  @Test
  void isValid_ed25519FlippedByte_false() {
    Ed25519PrivateKeyParameters key = edKey();
    String pub = Hex.encode(key.generatePublicKey().getEncoded());
    byte[] sig = Hex.decode("sig", edSign(TEXT, key));
    sig[10] ^= 0x04;

    assertThat(new ResponseSignature(TEXT, Hex.encode(sig), pub, SigningAlgorithm.ED25519).isValid()).isFalse();
  }

  @Test
  void isValid_ed25519WrongLengths_throwsDecodeException() {
    Ed25519PrivateKeyParameters key = edKey();
    String pub = Hex.encode(key.generatePublicKey().getEncoded());

    assertThatThrownBy(() -> new ResponseSignature(TEXT, "ab".repeat(63), pub, SigningAlgorithm.ED25519).isValid())
        .isInstanceOf(DecodeException.class).hasMessageContaining("64 bytes");
    assertThatThrownBy(() -> new ResponseSignature(TEXT, edSign(TEXT, key), "0x" + "11".repeat(20),
        SigningAlgorithm.ED25519).isValid()).isInstanceOf(DecodeException.class).hasMessageContaining("32 bytes");
  }

  @Test
  void fromJson_signatureResponse_readsFields() {
    ECKeyPair key = ecKey();
    String body = "{\"text\":\"" + TEXT + "\",\"signature\":\"" + personalSign(TEXT, key)
        + "\",\"signing_address\":\"" + address(key) + "\",\"signing_algo\":\"ecdsa\"}";

    ResponseSignature sig = ResponseSignature.fromJson(body.getBytes(StandardCharsets.UTF_8));

    assertThat(sig.algorithm()).isEqualTo(SigningAlgorithm.ECDSA);
    assertThat(sig.isValid()).isTrue();
  }

  @Test
  void fromJson_missingSignature_throwsDecodeException() {
    assertThatThrownBy(() -> ResponseSignature.fromJson("{\"text\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class).hasMessageContaining("signature");
  }

  @Test
  void fromWireName_unsupported_throwsDecodeException() {
    assertThatThrownBy(() -> SigningAlgorithm.fromWireName("rsa"))
        .isInstanceOf(DecodeException.class).hasMessageContaining("unsupported signing algorithm 'rsa'");
  }
}

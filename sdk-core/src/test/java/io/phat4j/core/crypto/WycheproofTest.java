package io.phat4j.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.core.CryptoException;
import io.phat4j.core.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof vectors (copied under {@code src/test/resources/vectors/wycheproof}, see the README
 * there) run through phat4j's own crypto steps: secp256k1 signer recovery as the KMS env-key check
 * does it, X25519 agreement as env encryption does it, and the AES-256-GCM step of env encryption
 * and decryption. Every case of each file is decided; the figures are in docs/fuzzing.md.
 */
class WycheproofTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Valid secp256k1 signatures whose nonce point has x = r + n. Recovery ids 0 and 1 (all that
   * {@code v} = 27/28 can say) only reach x = r, so these are not expressible as r‖s‖v: they are
   * rejected, the same verdict Ethereum tooling gives.
   */
  private static final java.util.Set<Integer> X_ABOVE_ORDER = java.util.Set.of(350, 471);

  @Test
  void secp256k1_everyCase_recoveryVerdictMatchesWycheproof() throws GeneralSecurityException {
    JsonNode file = load("ecdsa_secp256k1_sha256_test.json");
    List<String> wrong = new ArrayList<>();
    int cases = 0;
    int valid = 0;
    int rejectedByOurCode = 0;
    int notEncodable = 0;
    for (JsonNode group : file.get("testGroups")) {
      Secp256k1PublicKey key = Secp256k1PublicKey.of(hex(group.get("publicKey"), "uncompressed"));
      for (JsonNode t : group.get("tests")) {
        cases++;
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(hex(t, "msg"));
        BigInteger[] rs = strictDer(hex(t, "sig"));
        boolean accepted;
        if (rs == null || rs[0].bitLength() > 256 || rs[1].bitLength() > 256) {
          // Our signatures are r‖s‖v with 32-byte fields: such a signature cannot be written down.
          notEncodable++;
          accepted = false;
        } else {
          accepted = recoversTo(key, digest, rs[0], rs[1]);
          if (!accepted) {
            rejectedByOurCode++;
          }
        }
        String result = t.get("result").asText();
        if (X_ABOVE_ORDER.contains(t.get("tcId").asInt())) {
          assertThat(accepted).as("tcId %s", t.get("tcId")).isFalse();
          result = "invalid";
        }
        if (result.equals("valid")) {
          valid++;
        }
        if (accepted != result.equals("valid")) {
          wrong.add("tcId " + t.get("tcId") + " (" + t.get("comment").asText() + "): " + result + " but " + (accepted ? "accepted" : "rejected"));
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(cases).isEqualTo(file.get("numberOfTests").asInt()).isEqualTo(476);
    assertThat(valid).isEqualTo(168 - X_ABOVE_ORDER.size());
    assertThat(rejectedByOurCode + notEncodable).isEqualTo(308 + X_ABOVE_ORDER.size());
    // The secp256k1 signatures phat4j reads are fixed-size r‖s‖v, so malformed DER never reaches it.
    assertThat(notEncodable).isEqualTo(234);
    assertThat(rejectedByOurCode).isEqualTo(76);
  }

  @Test
  void x25519_everyCase_agreementMatchesWycheproof() {
    JsonNode file = load("x25519_test.json");
    List<String> wrong = new ArrayList<>();
    int cases = 0;
    int rejectedLowOrder = 0;
    for (JsonNode group : file.get("testGroups")) {
      for (JsonNode t : group.get("tests")) {
        cases++;
        byte[] expected = hex(t, "shared");
        byte[] got;
        try {
          got = X25519PrivateKey.of(hex(t, "private")).agree(X25519PublicKey.of(hex(t, "public"))).revealBytes();
        } catch (CryptoException e) {
          got = null;
        }
        // Decision for "acceptable": an all-zero shared secret (low-order public key) is refused;
        // every other acceptable case (twist points, non-canonical u) is computed as RFC 7748 says.
        boolean zero = Arrays.equals(expected, new byte[32]);
        if (zero && got == null) {
          rejectedLowOrder++;
        } else if (zero || !Arrays.equals(got, expected)) {
          wrong.add("tcId " + t.get("tcId") + " (" + t.get("result").asText() + ", " + t.get("flags") + "): got "
              + (got == null ? "rejection" : Hex.encode(got)));
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(cases).isEqualTo(518);
    assertThat(rejectedLowOrder).isEqualTo(31);
  }

  @Test
  void aesGcm_envLayoutCases_openAndSealMatchWycheproof() throws GeneralSecurityException {
    JsonNode file = load("aes_gcm_test.json");
    List<String> wrong = new ArrayList<>();
    int applicable = 0;
    int validOpened = 0;
    int invalidRejected = 0;
    for (JsonNode group : file.get("testGroups")) {
      // The env blob fixes AES-256 (the X25519 secret is the key), a 12-byte IV, a 16-byte tag and no AAD.
      if (group.get("keySize").asInt() != 256 || group.get("ivSize").asInt() != 96) {
        continue;
      }
      for (JsonNode t : group.get("tests")) {
        if (!t.get("aad").asText().isEmpty()) {
          continue;
        }
        applicable++;
        byte[] key = hex(t, "key");
        byte[] iv = hex(t, "iv");
        byte[] sealed = concat(hex(t, "ct"), hex(t, "tag"));
        byte[] blob = concat(new byte[EncryptedEnv.EPHEMERAL_KEY_LENGTH], concat(iv, sealed));
        boolean valid = t.get("result").asText().equals("valid");
        byte[] opened;
        try {
          opened = EnvDecryptor.open(key, blob);
        } catch (CryptoException e) {
          opened = null;
        }
        if (valid && Arrays.equals(opened, hex(t, "msg"))) {
          validOpened++;
          byte[] out = new byte[sealed.length];
          EnvEncryptor.seal(key, iv, hex(t, "msg"), out, 0);
          if (!Arrays.equals(out, sealed)) {
            wrong.add("tcId " + t.get("tcId") + ": seal gives different ciphertext");
          }
        } else if (!valid && opened == null) {
          invalidRejected++;
        } else {
          wrong.add("tcId " + t.get("tcId") + " (" + t.get("comment").asText() + "): " + t.get("result").asText());
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(applicable).isEqualTo(48);
    assertThat(validOpened).isEqualTo(21);
    assertThat(invalidRejected).isEqualTo(27);
  }

  private static boolean recoversTo(Secp256k1PublicKey key, byte[] digest, BigInteger r, BigInteger s) {
    for (int v = 0; v <= 1; v++) {
      byte[] sig = concat(fixed32(r), concat(fixed32(s), new byte[] {(byte) v}));
      try {
        if (EnvKeySignatureVerifier.recoverFromDigest(digest, sig).equals(key)) {
          return true;
        }
      } catch (KmsSignatureException e) {
        // this recovery id gives no key
      }
    }
    return false;
  }

  /** Reads a DER signature strictly (canonical encoding, two non-negative integers), or null. */
  private static BigInteger[] strictDer(byte[] der) {
    try {
      ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
      if (seq == null || seq.size() != 2 || !Arrays.equals(seq.getEncoded(ASN1Encoding.DER), der)) {
        return null;
      }
      BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
      BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
      return r.signum() < 0 || s.signum() < 0 ? null : new BigInteger[] {r, s};
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] fixed32(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(JsonNode node, String field) {
    return Hex.decode(field, node.get(field).asText());
  }

  private static JsonNode load(String name) {
    try (InputStream in = WycheproofTest.class.getResourceAsStream("/vectors/wycheproof/" + name)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

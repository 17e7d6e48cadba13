package io.phat4j.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.CryptoException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every RFC 9180 vector of our suite through {@link InputOpener}, the single-shot base-mode
 * opener: the first base-mode encryption opens to its plaintext, later sequence numbers (another
 * nonce) and PSK-mode messages (a secret the opener never has) are refused, and any flipped
 * ciphertext byte is refused.
 */
class Rfc9180OpenerTest {
  private static final JsonNode VECTORS = Vectors.load("rfc9180-x25519-sha256-aes256gcm.json");

  @Test
  void baseMode_firstEncryptionOpens_laterSequenceNumbersRefused() {
    JsonNode v = vector(0);
    InputOpener opener = InputOpener.create(X25519PrivateKey.of(Vectors.hex(v, "skRm")));
    JsonNode encryptions = v.get("encryptions");
    JsonNode first = encryptions.get(0);
    assertThat(opener.open(sealed(v, first), Vectors.hex(v, "info"), Vectors.hex(first, "aad")))
        .isEqualTo(Vectors.hex(first, "pt"));
    for (int i = 1; i < encryptions.size(); i++) {
      JsonNode e = encryptions.get(i);
      assertThatThrownBy(() -> opener.open(sealed(v, e), Vectors.hex(v, "info"), Vectors.hex(e, "aad")))
          .as("encryption %d", i)
          .isInstanceOf(CryptoException.class);
    }
    assertThat(encryptions.size()).isEqualTo(257);
  }

  @Test
  void pskMode_everyEncryptionRefused() {
    JsonNode v = vector(1);
    InputOpener opener = InputOpener.create(X25519PrivateKey.of(Vectors.hex(v, "skRm")));
    for (JsonNode e : v.get("encryptions")) {
      assertThatThrownBy(() -> opener.open(sealed(v, e), Vectors.hex(v, "info"), Vectors.hex(e, "aad")))
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void baseMode_everyFlippedByte_refused() {
    JsonNode v = vector(0);
    InputOpener opener = InputOpener.create(X25519PrivateKey.of(Vectors.hex(v, "skRm")));
    JsonNode first = v.get("encryptions").get(0);
    byte[] good = sealed(v, first);
    for (int i = 0; i < good.length; i++) {
      byte[] bad = Arrays.copyOf(good, good.length);
      bad[i] ^= 0x01;
      assertThatThrownBy(() -> opener.open(bad, Vectors.hex(v, "info"), Vectors.hex(first, "aad")))
          .as("byte %d", i)
          .isInstanceOf(CryptoException.class);
    }
  }

  private static JsonNode vector(int mode) {
    for (JsonNode v : VECTORS) {
      if (v.get("mode").asInt() == mode) {
        return v;
      }
    }
    throw new IllegalStateException("no vector for mode " + mode);
  }

  private static byte[] sealed(JsonNode v, JsonNode encryption) {
    byte[] enc = Vectors.hex(v, "enc");
    byte[] ct = Vectors.hex(encryption, "ct");
    byte[] out = Arrays.copyOf(enc, enc.length + ct.length);
    System.arraycopy(ct, 0, out, enc.length, ct.length);
    return out;
  }
}

package io.phat4j.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignedTextTest {
  private static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static final byte[] REQUEST = "{\"model\":\"x\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RESPONSE = "data: {\"id\":\"c\"}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void parse_twoParts_matchesRequestAndResponse() {
    SignedText t = SignedText.parse(SignedText.of(REQUEST, RESPONSE).text());

    assertThat(t.modelName()).isEmpty();
    assertThat(t.matches(REQUEST, RESPONSE)).isTrue();
    assertThat(t.requestHash().toByteArray()).isEqualTo(sha256(REQUEST));
    assertThat(t.responseHash().toByteArray()).isEqualTo(sha256(RESPONSE));
  }

  @Test
  void parse_modelPrefixWithColons_splitsFromTheRight() {
    String hashes = SignedText.of(REQUEST, RESPONSE).text();

    SignedText t = SignedText.parse("phala/qwen:2.5:" + hashes);

    assertThat(t.modelName()).contains("phala/qwen:2.5");
    assertThat(t.text()).isEqualTo("phala/qwen:2.5:" + hashes);
    assertThat(t.matches(REQUEST, RESPONSE)).isTrue();
  }

  @Test
  void matches_responseByteChanged_false() {
    SignedText t = SignedText.of(REQUEST, RESPONSE);
    byte[] changed = RESPONSE.clone();
    changed[7] ^= 1;

    assertThat(t.matches(REQUEST, changed)).isFalse();
    assertThat(t.matches(RESPONSE, RESPONSE)).isFalse();
  }

  @Test
  void parse_noColon_throwsDecodeException() {
    assertThatThrownBy(() -> SignedText.parse("abc"))
        .isInstanceOf(DecodeException.class).hasMessageContaining("found no ':'");
  }

  @Test
  void parse_shortHash_throwsDecodeException() {
    assertThatThrownBy(() -> SignedText.parse("ab:cd"))
        .isInstanceOf(DecodeException.class).hasMessageContaining("text.response_hash");
  }
}

package io.phat4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void secretBytes_toString_revealsOnlyLength() {
    SecretBytes s = SecretBytes.fromHex("private_key", "ab".repeat(32), 32);
    assertThat(s.toString()).isEqualTo("SecretBytes[32 bytes, redacted]").doesNotContain("ab");
    assertThat(s.revealBytes()).hasSize(32).startsWith((byte) 0xab);
  }

  @Test
  void secretBytes_fromBadHex_errorDoesNotEchoTheText() {
    String secret = "deadbeef".repeat(7) + "zz";
    assertThatThrownBy(() -> SecretBytes.fromHex("private_key", secret, 32))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("private_key")
        .hasMessageNotContaining("deadbeef");
  }

  @Test
  void secretBytes_destroy_wipesAndBlocksReads() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {1, 2, 3});
    s.destroy();
    assertThatThrownBy(s::revealBytes).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void secretBytes_copiesInput() {
    byte[] raw = {1, 2, 3};
    SecretBytes s = SecretBytes.copyOf(raw);
    raw[0] = 9;
    assertThat(s.revealBytes()).containsExactly(1, 2, 3);
    assertThat(s).isEqualTo(SecretBytes.copyOf(new byte[] {1, 2, 3})).isNotEqualTo(SecretBytes.copyOf(raw));
  }

  @Test
  void secretString_toString_isRedacted() {
    SecretString s = SecretString.of("sk-live-123");
    assertThat(s.toString()).isEqualTo("***(11 chars)");
    assertThat(s.reveal()).isEqualTo("sk-live-123");
    assertThat(s).isEqualTo(SecretString.of("sk-live-123")).isNotEqualTo(SecretString.of("sk-live-124"));
    assertThat(String.valueOf(java.util.List.of(s))).doesNotContain("sk-live");
  }
}

package io.phat4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexTest {
  @Test
  void decode_mixedCaseWithPrefix_decodes() {
    assertThat(Hex.decode("f", "0xAbCd01")).containsExactly(0xab, 0xcd, 0x01);
    assertThat(Hex.decode("f", "")).isEmpty();
    assertThat(Hex.decode("f", "0x")).isEmpty();
  }

  @Test
  void decode_oddLength_namesFieldAndDigitCount() {
    assertThatThrownBy(() -> Hex.decode("public_key", "abc"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("public_key: hex has an odd number of digits (3)")
        .satisfies(e -> assertThat(((DecodeException) e).field()).isEqualTo("public_key"));
  }

  @Test
  void decode_nonHexCharacter_namesPosition() {
    assertThatThrownBy(() -> Hex.decode("sig", "0x00g1"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("sig: invalid hex character 'g' at position 4");
  }

  @Test
  void decode_whitespaceAndNonAsciiDigits_rejected() {
    assertThatThrownBy(() -> Hex.decode("x", "00 1")).hasMessageContaining("' ' at position 2");
    // U+0660 is an Arabic-Indic digit, which Character.digit would accept.
    assertThatThrownBy(() -> Hex.decode("x", "0\u0660")).hasMessageContaining("U+0660");
  }

  @Test
  void decode_wrongLength_namesExpectedAndActual() {
    assertThatThrownBy(() -> Hex.decode("app_id", "00".repeat(19), 20))
        .isInstanceOf(DecodeException.class)
        .hasMessage("app_id: must be 20 bytes (40 hex digits), got 19 bytes");
  }

  @Test
  void decode_null_isDecodeException() {
    assertThatThrownBy(() -> Hex.decode("x", null)).isInstanceOf(DecodeException.class).hasMessage("x: is missing (null)");
  }

  @Test
  void encode_isLowercaseWithoutPrefix_andEncode0xAddsPrefix() {
    byte[] b = {(byte) 0xAB, 0x01};
    assertThat(Hex.encode(b)).isEqualTo("ab01");
    assertThat(Hex.encode0x(b)).isEqualTo("0xab01");
  }
}

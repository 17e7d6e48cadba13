package io.phat4j.core.dstack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsCanonicalJsonTest {
  private static String canonical(String json) {
    return JsCanonicalJson.write(
        StrictJson.parse("t", json.getBytes(StandardCharsets.UTF_8), StrictJson.Numbers.JAVASCRIPT));
  }

  @Test
  void write_integerLikeKeys_comeFirstInNumericOrder() {
    assertThat(canonical("{\"b\":1,\"10\":2,\"2\":3}")).isEqualTo("{\"2\":3,\"10\":2,\"b\":1}");
  }

  @Test
  void write_nonIndexKeys_sortByUtf16CodeUnits() {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FFFF in UTF-16 order.
    assertThat(canonical("{\"\\uffff\":1,\"\\ud83d\\ude00\":2,\"a\":3,\"B\":4,\"01\":5,\"-1\":6}"))
        .isEqualTo("{\"-1\":6,\"01\":5,\"B\":4,\"a\":3,\"\ud83d\ude00\":2,\"\uffff\":1}");
  }

  @Test
  void write_nestedObjectsInArrays_areSorted() {
    assertThat(canonical("{\"z\":[{\"b\":1,\"a\":[true,null]}],\"a\":{}}"))
        .isEqualTo("{\"a\":{},\"z\":[{\"a\":[true,null],\"b\":1}]}");
  }

  @Test
  void write_overflowingNumber_becomesNull() {
    assertThat(canonical("{\"a\":1e400,\"b\":-1e400}")).isEqualTo("{\"a\":null,\"b\":null}");
  }

  @Test
  void quote_controlAndSpecialCharacters_escapedLikeJsonStringify() {
    assertThat(JsCanonicalJson.quote("\u0000\u001f\b\f\n\r\t\"\\/\u007f\u2028é"))
        .isEqualTo("\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\/\u007f\u2028é\"");
  }

  @Test
  void quote_loneSurrogates_escapedLowercase_pairsKeptRaw() {
    assertThat(JsCanonicalJson.quote("a\uD800b\uDC00c\uD83D\uDE00\uDBFF"))
        .isEqualTo("\"a\\ud800b\\udc00c\uD83D\uDE00\\udbff\"");
  }

  @ParameterizedTest
  @CsvSource({"0, true", "7, true", "4294967294, true", "4294967295, false", "01, false", "-1, false", "1.5, false",
      "99999999999, false", "'', false", "a1, false"})
  void isArrayIndex_keys_followEcmaScriptDefinition(String key, boolean expected) {
    assertThat(JsCanonicalJson.isArrayIndex(key)).isEqualTo(expected);
  }

  @Test
  void parse_trailingContent_throwsWithOffset() {
    assertThatThrownBy(() -> canonical("{\"a\":1} x"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("t at offset 8")
        .hasMessageContaining("content after the JSON value");
  }
}

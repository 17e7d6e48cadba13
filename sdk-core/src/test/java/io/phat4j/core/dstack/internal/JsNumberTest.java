package io.phat4j.core.dstack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsNumberTest {
  // Expected strings follow ECMA-262 Number::toString (radix 10): shortest round-tripping digits,
  // plain notation for exponents -6 < n <= 21, otherwise d[.ddd]e±x.
  @ParameterizedTest
  @CsvSource({
    "100, 100",
    "100.0, 100",
    "1e21, 1e+21",
    "1e20, 100000000000000000000",
    "1.5e-7, 1.5e-7",
    "-0.0, 0",
    "0.0, 0",
    "123456789012345678901, 123456789012345680000",
    "0.1, 0.1",
    "1e-6, 0.000001",
    "1e-7, 1e-7",
    "123e-20, 1.23e-18",
    "5e-324, 5e-324",
    "4.9e-324, 5e-324",
    "2e-323, 2e-323",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "12345678901234567890123, 1.2345678901234568e+22",
    "9007199254740993, 9007199254740992",
    "-2.5e-10, -2.5e-10",
    "1e23, 1e+23",
    "0.001, 0.001",
    "1234.5678, 1234.5678",
    "-42, -42",
    "2.2250738585072014e-308, 2.2250738585072014e-308"
  })
  void toString_decimalLiteral_matchesEcmaScript(String literal, String expected) {
    assertThat(JsNumber.toString(Double.parseDouble(literal))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"NaN, NaN", "Infinity, Infinity", "-Infinity, -Infinity"})
  void toString_nonFinite_matchesEcmaScript(String literal, String expected) {
    assertThat(JsNumber.toString(Double.parseDouble(literal))).isEqualTo(expected);
  }
}

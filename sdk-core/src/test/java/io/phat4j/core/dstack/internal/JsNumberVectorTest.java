package io.phat4j.core.dstack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class JsNumberVectorTest {
  @Test
  void toString_nodeGeneratedNumbers_matchJsonStringifyForEveryLine() throws IOException {
    String text;
    try (InputStream in = getClass().getResourceAsStream("/vectors/dstack/js-number-strings.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String[]> cases = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        cases.add(line.split(" "));
      }
    }

    SoftAssertions softly = new SoftAssertions();
    for (String[] c : cases) {
      double value = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(c[0]));
      softly.assertThat(JsNumber.toString(value)).as(c[0]).isEqualTo(c[1]);
    }
    softly.assertAll();
    assertThat(cases).hasSizeGreaterThan(2500);
  }
}

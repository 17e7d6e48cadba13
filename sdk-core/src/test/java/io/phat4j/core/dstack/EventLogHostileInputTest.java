package io.phat4j.core.dstack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Inputs the fuzzer found that once escaped as non-SDK exceptions. */
class EventLogHostileInputTest {
  @Test
  void parse_exponentBeyondBigDecimalRange_decodeExceptionAtTheNumber() {
    String json = "[{\"imr\":3,\"event_type\":1e99999999999}]";
    assertThatThrownBy(() -> EventLog.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("number out of range")
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((DecodeException) e).offset()).isEqualTo(json.indexOf("1e")));
  }
}

package io.phat4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpHeadersTest {
  private final HttpHeaders headers =
      HttpHeaders.builder()
          .add("Content-Type", "application/json")
          .add("Set-Cookie", "a=1")
          .add("set-cookie", "b=2")
          .build();

  @Test
  void value_anyCase_findsFirst() {
    assertThat(headers.value("content-type")).isEqualTo("application/json");
    assertThat(headers.value("SET-COOKIE")).isEqualTo("a=1");
    assertThat(headers.values("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(headers.value("Missing")).isNull();
    assertThat(headers.values("Missing")).isEmpty();
    assertThat(headers.contains("CONTENT-TYPE")).isTrue();
  }

  @Test
  void names_caseInsensitiveDuplicates_listedOnce() {
    assertThat(headers.names()).containsExactly("Content-Type", "Set-Cookie");
    assertThat(headers.size()).isEqualTo(3);
  }

  @Test
  void set_replacesAllOfName() {
    HttpHeaders replaced = headers.toBuilder().set("SET-COOKIE", "c=3").build();

    assertThat(replaced.values("set-cookie")).containsExactly("c=3");
    assertThat(headers.values("set-cookie")).hasSize(2);
  }

  @Test
  void toString_sensitiveValues_masked() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("X-API-Key", "phak_secret");
    fields.put("Accept", "text/plain");

    assertThat(HttpHeaders.of(fields).toString()).isEqualTo("[X-API-Key: ██, Accept: text/plain]");
    assertThat(headers.toString()).doesNotContain("a=1").doesNotContain("b=2");
  }

  @Test
  void add_lineBreakInValue_throwsWithoutEchoingValue() {
    assertThatThrownBy(() -> HttpHeaders.builder().add("X-API-Key", "secret\r\nInjected: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value of header X-API-Key has an invalid character at index 6");
  }

  @Test
  void add_invalidName_throws() {
    assertThatThrownBy(() -> HttpHeaders.builder().add("Bad Name", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header name has an invalid character at index 3: Bad Name");
    assertThatThrownBy(() -> HttpHeaders.builder().add("", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header name is empty");
  }
}

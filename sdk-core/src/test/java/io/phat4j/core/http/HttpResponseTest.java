package io.phat4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseTest {
  @Test
  void bodyAsString_charsetFromContentType_used() {
    byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
    HttpHeaders headers =
        HttpHeaders.builder().add("Content-Type", "text/plain; charset=ISO-8859-1").build();

    assertThat(HttpResponse.of(200, headers, latin1, 1).bodyAsString()).isEqualTo("café");
  }

  @Test
  void bodyAsString_noCharset_decodesUtf8() {
    byte[] utf8 = "café".getBytes(StandardCharsets.UTF_8);

    assertThat(HttpResponse.of(200, HttpHeaders.empty(), utf8, 1).bodyAsString()).isEqualTo("café");
  }

  @Test
  void isSuccessful_onlyFor2xx() {
    assertThat(HttpResponse.of(199, HttpHeaders.empty(), new byte[0], 1).isSuccessful()).isFalse();
    assertThat(HttpResponse.of(200, HttpHeaders.empty(), new byte[0], 1).isSuccessful()).isTrue();
    assertThat(HttpResponse.of(299, HttpHeaders.empty(), new byte[0], 1).isSuccessful()).isTrue();
    assertThat(HttpResponse.of(300, HttpHeaders.empty(), new byte[0], 1).isSuccessful()).isFalse();
  }

  @Test
  void toString_bodyAndCookies_notShown() {
    HttpHeaders headers = HttpHeaders.builder().add("Set-Cookie", "session=s3cr3t").build();
    HttpResponse response =
        HttpResponse.of(200, headers, "{\"key\":\"priv\"}".getBytes(StandardCharsets.UTF_8), 2);

    assertThat(response.toString())
        .isEqualTo("HttpResponse{status=200, headers=[Set-Cookie: ██], body=14 bytes, attempts=2}");
  }

  @Test
  void of_invalidStatusOrAttempts_throws() {
    assertThatThrownBy(() -> HttpResponse.of(600, HttpHeaders.empty(), new byte[0], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an HTTP status code: 600");
    assertThatThrownBy(() -> HttpResponse.of(200, HttpHeaders.empty(), new byte[0], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attempts must be at least 1 but was 0");
  }
}

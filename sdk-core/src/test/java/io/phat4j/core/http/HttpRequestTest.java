package io.phat4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRequestTest {
  private static final URI URL =
      URI.create("https://cloud-api.phala.com/api/v1/cvms?token=q-secret");

  @ParameterizedTest
  @CsvSource({
    "GET, true",
    "HEAD, true",
    "PUT, true",
    "DELETE, true",
    "OPTIONS, true",
    "POST, false",
    "PATCH, false",
    "post, false"
  })
  void idempotent_byMethod_defaultsPerHttpSemantics(String method, boolean expected) {
    assertThat(HttpRequest.builder(method, URL).build().idempotent()).isEqualTo(expected);
  }

  @Test
  void idempotent_explicit_overridesMethodDefault() {
    assertThat(HttpRequest.builder("POST", URL).idempotent(true).build().idempotent()).isTrue();
    assertThat(HttpRequest.builder("PUT", URL).idempotent(false).build().idempotent()).isFalse();
  }

  @Test
  void toString_secretsAndQueryAndBody_masked() {
    HttpRequest request =
        HttpRequest.builder("POST", URL)
            .header("Accept", "application/json")
            .header("X-API-Key", "phak_abc")
            .header("authorization", "Bearer t0k")
            .secretHeader("X-Signature", "sig-value")
            .header("X-Other", "visible")
            .redactHeader("X-Other")
            .body("{\"env\":\"pw=hunter2\"}", "application/json")
            .sensitiveBody(true)
            .build();

    assertThat(request.toString())
        .isEqualTo(
            "HttpRequest{POST https://cloud-api.phala.com/api/██/██?token=██, headers=[Accept:"
                + " application/json, X-API-Key: ██, authorization: ██, X-Signature: ██, X-Other:"
                + " ██], body=20 bytes application/json (sensitive), idempotent=false}");
  }

  @Test
  void body_copiedInAndOut() {
    byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.builder("PUT", URL).body(body, "text/plain").build();
    body[0] = 'x';
    request.body()[1] = 'y';

    assertThat(request.body()).asString(StandardCharsets.UTF_8).isEqualTo("abc");
  }

  @Test
  void toBuilder_roundTrip_equalRequest() {
    HttpRequest request =
        HttpRequest.builder("POST", URL)
            .secretHeader("X-API-Key", "k")
            .body("{}", "application/json")
            .sensitiveBody(true)
            .callTimeout(Duration.ofMinutes(10))
            .build();

    assertThat(request.toBuilder().build()).isEqualTo(request).hasSameHashCodeAs(request);
    assertThat(request.toBuilder().idempotent(true).build()).isNotEqualTo(request);
  }

  @Test
  void builder_nonHttpScheme_throws() {
    assertThatThrownBy(() -> HttpRequest.builder("GET", URI.create("ftp://host/file")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("URL scheme must be http or https but was ftp");
    assertThatThrownBy(() -> HttpRequest.builder("GET", URI.create("/relative/path")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("URL scheme must be http or https but was missing");
  }

  @Test
  void builder_badMethodOrBody_throws() {
    assertThatThrownBy(() -> HttpRequest.builder("GE T", URL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HTTP method has an invalid character: GE T");
    assertThatThrownBy(() -> HttpRequest.builder("GET", URL).body("x", "text/plain").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GET request must not have a body");
    assertThatThrownBy(() -> HttpRequest.builder("POST", URL).body("x", "not a type"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed content type: not a type");
    assertThatThrownBy(() -> HttpRequest.builder("GET", URL).callTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("callTimeout must be positive");
  }
}

package io.phat4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExceptionsTest {
  @Test
  void serviceException_messageCarriesStatusCodeAndRequestId() {
    PhalaServiceException e = new PhalaServiceException("CVM not found", 404, "ERR-01-001", "req-7", null);
    assertThat(e).hasMessage("CVM not found (status 404, code ERR-01-001, request-id req-7)");
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.errorCode()).isEqualTo("ERR-01-001");
    assertThat(e.requestId()).isEqualTo("req-7");
    assertThat(e.retryable()).isFalse();
    assertThat(new PhalaServiceException("busy", 503, null, null, null).retryable()).isTrue();
    assertThat(new PhalaServiceException("slow down", 429, null, null, null).retryable()).isTrue();
    assertThat(new PhalaServiceException("nope", 501, null, null, null).retryable()).isFalse();
  }

  @Test
  void decodeException_namesFieldAndOffset() {
    DecodeException e = new DecodeException("quote.header.version", 0, "unsupported version 2", null);
    assertThat(e).hasMessage("quote.header.version at offset 0: unsupported version 2");
    assertThat(e.offset()).isZero();
    assertThat(new DecodeException("x", "bad").offset()).isEqualTo(-1);
  }

  @Test
  void everyBranch_isAPhalaException() {
    assertThat(new DecodeException("f", "p")).isInstanceOf(PhalaException.class);
    assertThat(new CryptoException("c")).isInstanceOf(PhalaException.class);
    assertThat(new PhalaTransportException("t", 3, null)).isInstanceOf(PhalaException.class)
        .satisfies(t -> assertThat(t.attempts()).isEqualTo(3));
    assertThat(new PhalaServiceException("s", 500, null, null, null)).isInstanceOf(PhalaException.class);
  }
}

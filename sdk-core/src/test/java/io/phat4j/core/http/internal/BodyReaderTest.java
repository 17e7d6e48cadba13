package io.phat4j.core.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class BodyReaderTest {
  @Test
  void readLine_mixedTerminatorsAndUnterminatedTail_splitsLines() throws IOException {
    Buffer source = new Buffer().writeUtf8("a\r\n\nb\nlast");

    assertThat(BodyReader.readLine(source, 100)).isEqualTo("a");
    assertThat(BodyReader.readLine(source, 100)).isEmpty();
    assertThat(BodyReader.readLine(source, 100)).isEqualTo("b");
    assertThat(BodyReader.readLine(source, 100)).isEqualTo("last");
    assertThat(BodyReader.readLine(source, 100)).isNull();
  }

  @Test
  void readLine_lineOverLimit_throws() {
    Buffer source = new Buffer().writeUtf8("x".repeat(11) + "\n");

    assertThatThrownBy(() -> BodyReader.readLine(source, 10))
        .isInstanceOf(BodyReader.TooLargeException.class)
        .hasMessage("streamed line exceeds 10 bytes");
  }

  @Test
  void readLine_lineExactlyAtLimit_accepted() throws IOException {
    assertThat(BodyReader.readLine(new Buffer().writeUtf8("x".repeat(10) + "\n"), 10)).hasSize(10);
  }

  @Test
  void readAll_atAndOverLimit_acceptsThenThrows() throws IOException {
    assertThat(BodyReader.readAll(new Buffer().writeUtf8("12345"), 5)).hasSize(5);
    assertThatThrownBy(() -> BodyReader.readAll(new Buffer().writeUtf8("123456"), 5))
        .isInstanceOf(BodyReader.TooLargeException.class)
        .hasMessage("response body exceeds 5 bytes");
  }
}

package io.phat4j.examples.ratls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RaTlsExampleTest {
  @Test
  @Timeout(180)
  void run_connectsWithTheRightComposeHash_andIsRefusedWithAnother() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code = RaTlsExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isZero();
    assertThat(out).contains("v1-msgpack attestation, key bound: true");
    assertThat(out).containsPattern("compose_hash: +[0-9a-f]{64}");
    assertThat(out).contains("body: hello from app ");
    assertThat(out).contains("handshake refused, app verification: ").contains("compose hash");
  }
}

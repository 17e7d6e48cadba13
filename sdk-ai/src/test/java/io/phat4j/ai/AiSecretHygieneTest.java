package io.phat4j.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import io.phat4j.core.http.WireLogLevel;
import io.phat4j.testkit.CapturedStderr;
import io.phat4j.testkit.SecretScanner;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** The confidential AI client's API key never shows in toString(), failures or the body-level wire log. */
class AiSecretHygieneTest {
  private static final String KEY = "sk-ai-key-do-not-print-31337";

  @Test
  void apiKey_inToStringFailuresAndWireLog_neverShown() throws Exception {
    SecretScanner s = new SecretScanner().secret("api key", KEY);
    try (MockWebServer server = new MockWebServer();
        CapturedStderr log = CapturedStderr.start()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body("{\"data\":[{\"id\":\"m1\"}]}").build());
      server.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
          .body("{\"error\":\"invalid api key\"}").build());
      for (int i = 0; i < 3; i++) {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
      }
      try (HttpTransport http = HttpTransport.builder().wireLogging(WireLogLevel.BODY).retryPolicy(RetryPolicy.none()).build();
          ConfidentialAiClient client = ConfidentialAiClient.builder().baseUrl(server.url("/v1").toString())
              .apiKey(SecretString.of(KEY)).transport(http).build()) {
        s.assertClean("ConfidentialAiClient", client.toString());
        client.models();
        byte[] chat = "{\"model\":\"m1\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        s.assertClean("401", catchThrowable(() -> client.chatCompletion(chat)));
        s.assertClean("connection reset", catchThrowable(() -> client.chatCompletion(chat)));
      }
      assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
      String text = log.text();
      assertThat(text).contains("/v1/██").contains("Authorization");
      s.assertClean("captured wire log", text);
    }
  }
}

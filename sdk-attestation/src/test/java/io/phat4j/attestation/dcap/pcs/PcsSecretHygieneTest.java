package io.phat4j.attestation.dcap.pcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import io.phat4j.core.http.WireLogLevel;
import io.phat4j.testkit.CapturedStderr;
import io.phat4j.testkit.SecretScanner;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Intel PCS subscription key never shows in toString(), failures or the body-level wire log. */
@Timeout(30)
class PcsSecretHygieneTest {
  private static final String TDX = "tdx_v4_phala_sample";
  private static final String KEY = "pcs-sub-key-do-not-print-5a5a";

  @Test
  void apiKey_inToStringFailuresAndWireLog_neverShown() throws Exception {
    SecretScanner s = new SecretScanner().secret("PCS subscription key", KEY);
    try (MockWebServer server = new MockWebServer();
        CapturedStderr log = CapturedStderr.start();
        HttpTransport http = HttpTransport.builder().wireLogging(WireLogLevel.BODY).retryPolicy(RetryPolicy.none()).build()) {
      PcsFixture pcs = PcsFixture.of(TDX, "tdx");
      server.setDispatcher(pcs);
      server.start();
      PcsCollateralClient client = PcsCollateralClient.builder()
          .baseUrl(server.url("/").uri()).apiKey(SecretString.of(KEY)).transport(http).build();
      s.assertClean("PcsCollateralClient", client.toString());

      client.collateralFor(PcsFixture.quote(TDX));
      pcs.override("/tdx/certification/v4/tcb", new MockResponse.Builder().code(401).body("{\"error\":\"bad key\"}").build());
      s.assertClean("401", catchThrowable(() -> client.collateralFor(PcsFixture.quote(TDX))));

      assertThat(server.takeRequest().getHeaders().get(PcsCollateralClient.API_KEY_HEADER)).isEqualTo(KEY);
      String text = log.text();
      assertThat(text).contains("/tdx/██/██/██").contains(PcsCollateralClient.API_KEY_HEADER);
      s.assertClean("captured wire log", text);
    }
  }
}

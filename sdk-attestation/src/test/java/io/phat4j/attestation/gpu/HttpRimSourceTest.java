package io.phat4j.attestation.gpu;

import static io.phat4j.attestation.gpu.CheckStatus.FAILED;
import static io.phat4j.attestation.gpu.CheckStatus.PASSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RIM service over loopback, serving the real nvtrust RIMs in the service's JSON shape. */
class HttpRimSourceTest {
  private static final String DRIVER_ID = "NV_GPU_DRIVER_GH100_550.90.07";
  private static final String VBIOS_ID = "NV_GPU_VBIOS_1010_0200_882_96009F0001";

  private final MockWebServer server = new MockWebServer();
  private final Map<String, MockResponse> routes = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<RecordedRequest> seen = new CopyOnWriteArrayList<>();
  private HttpTransport transport;
  private HttpRimSource source;

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse rim(String id, byte[] xml) {
    return json(200, "{\"id\":\"" + id + "\",\"rim\":\"" + Base64.getEncoder().encodeToString(xml)
        + "\",\"sha256\":\"ignored\",\"rim_format\":\"SWID\"}");
  }

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        seen.add(request);
        return routes.getOrDefault(request.getTarget(), json(404, "{\"error\":\"not found\"}"));
      }
    });
    server.start();
    transport = HttpTransport.builder().retryPolicy(RetryPolicy.none()).build();
    source = HttpRimSource.builder().baseUrl(URI.create(server.url("/").toString())).transport(transport)
        .serviceKey(SecretString.of("svc-key-123")).build();
  }

  @AfterEach
  void stop() {
    source.close();
    transport.close();
    server.close();
  }

  @Test
  void find_decodesTheRimAndCachesIt() {
    routes.put("/v1/rim/" + DRIVER_ID, rim(DRIVER_ID, GpuSamples.driverRim()));

    assertThat(source.find(DRIVER_ID)).hasValueSatisfying(x -> assertThat(x).isEqualTo(GpuSamples.driverRim()));
    assertThat(source.find(DRIVER_ID)).isPresent();

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).getMethod()).isEqualTo("GET");
    assertThat(seen.get(0).getHeaders().get("Authorization")).isEqualTo("Bearer svc-key-123");
  }

  @Test
  void find_notFound_isEmptyAndAskedAgainLater() {
    assertThat(source.find(DRIVER_ID)).isEmpty();
    routes.put("/v1/rim/" + DRIVER_ID, rim(DRIVER_ID, GpuSamples.driverRim()));

    assertThat(source.find(DRIVER_ID)).isPresent();
    assertThat(seen).hasSize(2);
  }

  @Test
  void find_serverError_throwsServiceException() {
    routes.put("/v1/rim/" + DRIVER_ID, json(500, "{\"error\":\"boom\"}"));

    assertThatThrownBy(() -> source.find(DRIVER_ID))
        .isInstanceOfSatisfying(NvidiaServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
  }

  @Test
  void find_malformedAnswers_throwFormatErrors() {
    routes.put("/v1/rim/A", json(200, "not json"));
    routes.put("/v1/rim/B", json(200, "{\"id\":\"B\"}"));
    routes.put("/v1/rim/C", json(200, "{\"id\":\"C\",\"rim\":\"%%%\"}"));
    routes.put("/v1/rim/D", rim("OTHER", GpuSamples.driverRim()));

    assertThatThrownBy(() -> source.find("A")).isInstanceOf(io.phat4j.core.DecodeException.class);
    assertThatThrownBy(() -> source.find("B")).isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("rim_response.rim");
    assertThatThrownBy(() -> source.find("C")).isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("base64");
    assertThatThrownBy(() -> source.find("D")).isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("OTHER");
  }

  @Test
  void find_idWithPathCharacters_isRejectedWithoutARequest() {
    assertThatThrownBy(() -> source.find("../admin")).isInstanceOf(GpuEvidenceFormatException.class);
    assertThatThrownBy(() -> source.find("..")).isInstanceOf(GpuEvidenceFormatException.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void verifier_withOnlineRims_runsTheRimChecksOnTheNvtrustSample() {
    routes.put("/v1/rim/" + DRIVER_ID, rim(DRIVER_ID, GpuSamples.driverRim()));
    routes.put("/v1/rim/" + VBIOS_ID, rim(VBIOS_ID, GpuSamples.vbiosRim()));

    GpuResult r = GpuEvidenceVerifier.builder().clock(GpuSamples.RIM_SIGNER_VALID).rimSource(source).build()
        .verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.DRIVER_RIM_FETCHED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.VBIOS_RIM_FETCHED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.DRIVER_RIM_SIGNATURE_VERIFIED)).isEqualTo(PASSED);
    // The sample's test RIMs are for other versions: the real outcome is a mismatch.
    assertThat(r.status(GpuCheck.MEASUREMENTS_MATCH)).isEqualTo(FAILED);
    assertThat(r.comparison().mismatchedIndexes()).hasSize(20);
  }

  @Test
  void verifier_rimServiceDown_rimFetchFailsClosed() {
    routes.put("/v1/rim/" + DRIVER_ID, json(503, "down"));

    GpuResult r = GpuEvidenceVerifier.builder().clock(GpuSamples.RIM_SIGNER_VALID).rimSource(source).build()
        .verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.DRIVER_RIM_FETCHED)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.DRIVER_RIM_FETCHED).detail()).contains("could not be fetched").contains("503");
    assertThat(r.passed()).isFalse();
  }
}

package io.phat4j.contracts.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PhalaCloudClientTest {
  private final CloudServer cloud = new CloudServer();

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void build_environment_readsApiKeyAndBaseUrl() {
    Map<String, String> env =
        Map.of(
            "PHALA_CLOUD_API_KEY", CloudServer.API_KEY,
            "PHALA_CLOUD_API_PREFIX", cloud.server.url("/api/v1/").toString());
    try (PhalaCloudClient client =
        PhalaCloudClient.builder().environment(env::get).sleeper(cloud.time).build()) {
      cloud.version = ApiVersion.DEFAULT;
      cloud.enqueue(200, "{\"status\":\"running\",\"name\":\"my-app-1\"}");
      client.cvms().state(CvmId.of("my-app-1"));
      cloud.takeApi("GET", "/cvms/my-app-1/state");
      assertThat(client.hasApiKey()).isTrue();
      assertThat(client.baseUrl().toString()).isEqualTo(cloud.server.url("/api/v1").toString());
    }
  }

  @Test
  void build_noEnvironment_usesDefaultBaseUrlAndNoKey() {
    try (PhalaCloudClient client = PhalaCloudClient.builder().environment(n -> null).build()) {
      assertThat(client.baseUrl().toString()).isEqualTo("https://cloud-api.phala.com/api/v1");
      assertThat(client.hasApiKey()).isFalse();
      assertThat(client.version()).isEqualTo(ApiVersion.V2026_06_23);
    }
  }

  @Test
  void build_builderKey_winsOverEnvironment() {
    try (PhalaCloudClient client =
        cloud.clientBuilder().environment(Map.of("PHALA_CLOUD_API_KEY", "from-env")::get).build()) {
      cloud.enqueue(200, "{\"status\":\"running\"}");
      client.cvms().state(CvmId.of("my-app-1"));
      assertThat(cloud.take().getHeaders().get("X-API-Key")).isEqualTo(CloudServer.API_KEY);
    }
  }

  @Test
  void build_relativeBaseUrl_throws() {
    assertThatThrownBy(() -> PhalaCloudClient.builder().baseUrl("/api/v1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute http(s)");
  }

  @Test
  void toString_neverShowsApiKey() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      assertThat(client.toString()).doesNotContain(CloudServer.API_KEY).contains("apiKey=***");
    }
  }

  @Test
  void withVersion_olderVersion_sendsItsHeader() {
    try (PhalaCloudClient client = cloud.clientBuilder().build();
        PhalaCloudClient older = client.withVersion(ApiVersion.V2025_10_28)) {
      cloud.enqueue(200, "{\"status\":\"running\"}");
      older.cvms().state(CvmId.of("my-app-1"));
      RecordedRequest request = cloud.take();
      assertThat(request.getHeaders().get("X-Phala-Version")).isEqualTo("2025-10-28");
      assertThat(client.version()).isEqualTo(ApiVersion.V2026_01_21);
      assertThat(older.toBuilder().build().version()).isEqualTo(ApiVersion.V2025_10_28);
    }
  }

  @Test
  void apiVersion_parse_unknown_throws() {
    assertThat(ApiVersion.parse("2025-10-28")).isEqualTo(ApiVersion.V2025_10_28);
    assertThatThrownBy(() -> ApiVersion.parse("2024-01-01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported X-Phala-Version 2024-01-01");
  }

  @Test
  void close_injectedOkHttpClient_leftRunning() {
    OkHttpClient ok = new OkHttpClient();
    try {
      PhalaCloudClient client = cloud.clientBuilder().okHttpClient(ok).build();
      client.close();
      assertThat(ok.dispatcher().executorService().isShutdown()).isFalse();
      assertThatThrownBy(() -> client.cvms().state(CvmId.of("my-app-1")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    } finally {
      ok.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void noApiKey_publicEndpoint_sendsNoKeyHeader() {
    try (PhalaCloudClient client = cloud.clientBuilder().build().toBuilder().build();
        PhalaCloudClient anonymous =
            PhalaCloudClient.builder()
                .baseUrl(cloud.server.url("/api/v1").toString())
                .environment(n -> null)
                .build()) {
      cloud.enqueueResource(200, "app_attestations.json");
      anonymous.apps().attestations(io.phat4j.core.AppId.fromHex("ea549f02e1a25fabd1cb788380e033ec5461b2ff"));
      RecordedRequest request = cloud.take();
      assertThat(request.getHeaders().get("X-API-Key")).isNull();
      assertThat(client.hasApiKey()).isTrue();
    }
  }

  @Test
  void wireLogging_headersAndBodies_neverShowApiKey() {
    java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (PhalaCloudClient client =
        cloud.clientBuilder()
            .wireLogging(io.phat4j.core.http.WireLogLevel.BODY)
            .wireLogger(lines::add)
            .build()) {
      cloud.enqueue(401, "{\"detail\":\"Invalid API key\"}");
      assertThatThrownBy(() -> client.cvms().info(CvmId.of("my-app-1")))
          .isInstanceOf(CloudAuthException.class);
    }
    assertThat(lines).isNotEmpty();
    assertThat(String.join("\n", lines)).contains("X-API-Key").doesNotContain(CloudServer.API_KEY);
  }

  @Test
  void sharedClient_concurrentCalls_eachGetsItsOwnAnswer() throws Exception {
    cloud.server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public mockwebserver3.MockResponse dispatch(RecordedRequest request) {
            String name = request.getUrl().pathSegments().get(3);
            return new mockwebserver3.MockResponse.Builder()
                .code(200)
                .body("{\"name\":\"" + name + "\",\"status\":\"running\"}")
                .build();
          }
        });
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String name = "cvm-number-" + i;
        results.add(pool.submit(() -> client.cvms().state(CvmId.of(name)).name()));
      }
      for (int i = 0; i < 64; i++) {
        assertThat(results.get(i).get()).isEqualTo("cvm-number-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

package io.phat4j.contracts.cloud;

import static io.phat4j.contracts.cloud.CvmsApiTest.APP_ID;
import static io.phat4j.contracts.cloud.CvmsApiTest.COMPOSE_HASH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phat4j.core.DecodeException;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.http.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scripted network faults against the Phala Cloud client: connection resets, stalled bodies,
 * truncated JSON, 5xx storms, 429 with and without {@code Retry-After}, a slow state stream and a
 * commit whose answer is lost after the server applied it.
 *
 * <p>Assertions are on what can be counted, never on elapsed time: attempts (requests the server
 * saw), sleeps recorded by the fake clock (which is also the deadline clock), error types, and the
 * number of {@code POST /cvms} commits. Real timeouts are only used to make a stall fail fast.
 */
@Timeout(60)
class CloudFaultInjectionTest {
  private static final String CVM = "8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f";
  private static final String COMPOSE = "services:\n  app:\n    image: nginx\n";
  /** A read timeout far below the stalls below, so a stall always ends in a timeout. */
  private static final Duration SHORT_READ = Duration.ofMillis(250);

  private final CloudServer cloud = new CloudServer();
  private final List<DeployEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    cloud.close();
  }

  private static AppSpec spec() {
    return AppSpec.builder("my-secret-app", COMPOSE).env("API_TOKEN", "tok-VERY-secret-1").build();
  }

  private DeployOptions options() {
    return DeployOptions.builder().listener(events::add).build();
  }

  private static MockResponse reset(MockResponse.Builder b) {
    return b.onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse sse(String... data) {
    StringBuilder body = new StringBuilder();
    for (String d : data) {
      body.append("event: state\ndata: ").append(d).append("\n\n");
    }
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body.toString()).build();
  }

  private List<DeployEvent.Stage> stages() {
    return events.stream().map(DeployEvent::stage).toList();
  }

  // --- connection resets -------------------------------------------------------------------

  @Test
  void read_connectionResetOnEveryAttempt_stopsAtMaxAttemptsWithTransportError() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      // More than enough: OkHttp may repeat an idempotent request once on its own (not an attempt).
      for (int i = 0; i < 10; i++) {
        cloud.enqueue(reset(new MockResponse.Builder()));
      }
      PhalaTransportException e =
          catchThrowableOfType(PhalaTransportException.class, () -> client.cvms().info(CvmId.of(CVM)));
      assertThat(e).isNotNull();
      assertThat(e.attempts()).isEqualTo(RetryPolicy.defaults().maxAttempts());
      assertThat(cloud.time.sleeps).hasSize(RetryPolicy.defaults().maxAttempts() - 1);
      assertThat(e.getMessage()).doesNotContain(CloudServer.API_KEY);
    }
  }

  @Test
  void read_connectionResetsThenAnswer_succeedsWithinTheAttempts() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueue(reset(new MockResponse.Builder()));
      cloud.enqueue(reset(new MockResponse.Builder()));
      cloud.enqueueResource(200, "cvm_info.json");
      cloud.enqueueResource(200, "cvm_info.json");
      assertThat(client.cvms().info(CvmId.of(CVM)).name()).isEqualTo("my-secret-app");
      assertThat(cloud.time.sleeps).hasSizeLessThan(RetryPolicy.defaults().maxAttempts());
    }
  }

  @Test
  void deploy_connectionDroppedAfterServerReadTheCommit_looksUpAndNeverCommitsTwice() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueueResource(200, "provision.json");
      // The server received the whole commit (and created the CVM), then the connection died.
      cloud.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
      cloud.enqueueResource(200, "cvm_info.json");
      cloud.enqueue(sse("{\"status\":\"running\"}"));

      Deployment d = client.deploy(spec(), options()).deployment();

      assertThat(d.cvmId()).isEqualTo(CvmId.of(CVM));
      assertThat(stages()).contains(DeployEvent.Stage.COMMIT_UNCERTAIN, DeployEvent.Stage.RUNNING);
      List<RecordedRequest> requests = cloud.takeAll();
      assertThat(CloudServer.count(requests, "POST", "/cvms")).isEqualTo(1);
      assertThat(CloudServer.count(requests, "GET", "/cvms/app_" + APP_ID)).isEqualTo(1);
    }
  }

  // --- stalled bodies and truncated JSON ---------------------------------------------------

  @Test
  void read_bodyStallsOnEveryAttempt_boundedRetriesThenTransportError() {
    try (PhalaCloudClient client = cloud.clientBuilder().readTimeout(SHORT_READ).build()) {
      for (int i = 0; i < 3; i++) {
        cloud.enqueue(new MockResponse.Builder().code(200).body(CloudServer.resource("cvm_info.json"))
            .onResponseBody(SocketEffect.Stall.INSTANCE).build());
      }
      PhalaTransportException e =
          catchThrowableOfType(PhalaTransportException.class, () -> client.cvms().info(CvmId.of(CVM)));
      assertThat(e).isNotNull();
      assertThat(e.attempts()).isEqualTo(3);
      assertThat(cloud.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void read_truncatedJsonWithCompleteFraming_decodeErrorAndNoRetry() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      String full = CloudServer.resource("cvm_info.json");
      cloud.enqueue(json(200, full.substring(0, full.length() / 2)));
      DecodeException e = catchThrowableOfType(DecodeException.class, () -> client.cvms().info(CvmId.of(CVM)));
      assertThat(e).isNotNull();
      // The server answered in full: repeating would get the same bytes.
      assertThat(cloud.requestCount()).isEqualTo(1);
      assertThat(cloud.time.sleeps).isEmpty();
    }
  }

  @Test
  void read_connectionCutMidBody_retriedAsTransportFailure() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueue(new MockResponse.Builder().code(200).body(CloudServer.resource("cvm_info.json"))
          .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
      cloud.enqueueResource(200, "cvm_info.json");
      assertThat(client.cvms().info(CvmId.of(CVM)).appId()).isEqualTo(APP_ID);
      assertThat(cloud.requestCount()).isEqualTo(2);
    }
  }

  // --- 5xx storms -------------------------------------------------------------------------

  @Test
  void provision_503Storm_retriesUpToMaxAttemptsThenServerError() {
    try (PhalaCloudClient client = cloud.clientBuilder()
        .retryPolicy(RetryPolicy.builder().maxAttempts(4).build()).build()) {
      for (int i = 0; i < 10; i++) {
        cloud.enqueue(json(503, "{\"detail\":\"overloaded\"}"));
      }
      CloudServerException e = catchThrowableOfType(
          CloudServerException.class, () -> client.cvms().provision(spec().toProvisionRequest()));
      assertThat(e).isNotNull();
      assertThat(e.error().status()).isEqualTo(503);
      assertThat(cloud.requestCount()).isEqualTo(4);
      assertThat(cloud.time.sleeps).hasSize(3);
    }
  }

  @Test
  void read_503StormWithRetryAfter_stopsBeforeTheCallDeadline() {
    // Each retry waits 6 s of fake time; a 10 s deadline leaves room for exactly one.
    try (PhalaCloudClient client = cloud.clientBuilder().callTimeout(Duration.ofSeconds(10))
        .retryPolicy(RetryPolicy.builder().maxAttempts(10).build()).build()) {
      for (int i = 0; i < 10; i++) {
        cloud.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "6")
            .body("{\"detail\":\"overloaded\"}").build());
      }
      CloudServerException e =
          catchThrowableOfType(CloudServerException.class, () -> client.cvms().info(CvmId.of(CVM)));
      assertThat(e).isNotNull();
      assertThat(cloud.time.sleeps).containsExactly(Duration.ofSeconds(6));
      assertThat(cloud.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void deploy_commitAnswered503AndNoCvm_serverErrorWithoutSecondCommit() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueue(json(503, "{\"detail\":\"overloaded\"}"));
      cloud.enqueue(json(404, "{\"detail\":\"CVM not found\"}"));

      CloudServerException e =
          catchThrowableOfType(CloudServerException.class, () -> client.deploy(spec(), options()));

      assertThat(e).isNotNull();
      List<RecordedRequest> requests = cloud.takeAll();
      assertThat(CloudServer.count(requests, "POST", "/cvms")).isEqualTo(1);
      assertThat(CloudServer.count(requests, "GET", "/cvms/app_" + APP_ID)).isEqualTo(1);
    }
  }

  @Test
  void deploy_commitAnswered504AfterServerCreatedTheCvm_recoversTheCvm() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueue(json(504, "{\"detail\":\"gateway timeout\"}"));
      cloud.enqueueResource(200, "cvm_info.json");
      cloud.enqueue(sse("{\"status\":\"running\"}"));

      Deployment d = client.deploy(spec(), options()).deployment();

      assertThat(d.cvmId()).isEqualTo(CvmId.of(CVM));
      assertThat(CloudServer.count(cloud.takeAll(), "POST", "/cvms")).isEqualTo(1);
    }
  }

  /** Queues the provision of a compose-only update of {@code my-secret-app} to {@code newHash}. */
  private void enqueueUpdateProvision(String newHash) {
    cloud.enqueueResource(200, "compose_file.json");
    cloud.enqueue(json(200, "{\"app_id\":\"" + APP_ID + "\",\"compose_hash\":\"" + newHash + "\"}"));
  }

  @Test
  void update_commitAnswered504AfterServerAppliedIt_recoversWithOnePatch() {
    String newHash = "4444444444444444444444444444444444444444444444444444444444444444";
    String applied = CloudServer.resource("cvm_info.json").replace(COMPOSE_HASH, newHash);
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      enqueueUpdateProvision(newHash);
      cloud.enqueue(json(504, "{\"detail\":\"gateway timeout\"}"));
      cloud.enqueue(json(200, applied));
      cloud.enqueue(sse("{\"status\":\"running\"}"));
      cloud.enqueue(json(200, applied));
      cloud.enqueue(json(200, applied));

      Deployment d = client.update(CvmId.of("my-secret-app"), AppSpec.builder("my-secret-app", COMPOSE).build(), options())
          .deployment();

      assertThat(d.composeHash().hex()).isEqualTo(newHash);
      assertThat(CloudServer.count(cloud.takeAll(), "PATCH", "/cvms/my-secret-app/compose_file")).isEqualTo(1);
      assertThat(stages()).contains(DeployEvent.Stage.COMMIT_UNCERTAIN);
    }
  }

  @Test
  void update_commitAnswered503AndNotApplied_serverErrorWithoutSecondPatch() {
    String newHash = "5555555555555555555555555555555555555555555555555555555555555555";
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      enqueueUpdateProvision(newHash);
      cloud.enqueue(json(503, "{\"detail\":\"overloaded\"}"));
      cloud.enqueue(json(200, CloudServer.resource("cvm_info.json")));

      CloudServerException e = catchThrowableOfType(CloudServerException.class, () -> client.update(
          CvmId.of("my-secret-app"), AppSpec.builder("my-secret-app", COMPOSE).build(), options()));

      assertThat(e).isNotNull();
      List<RecordedRequest> requests = cloud.takeAll();
      assertThat(CloudServer.count(requests, "PATCH", "/cvms/my-secret-app/compose_file")).isEqualTo(1);
      assertThat(CloudServer.count(requests, "GET", "/cvms/my-secret-app")).isEqualTo(1);
    }
  }

  // --- 429 ---------------------------------------------------------------------------------

  @Test
  void read_429WithoutRetryAfter_backsOffAndSucceeds() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueue(json(429, "{\"detail\":\"slow down\"}"));
      cloud.enqueueResource(200, "cvm_info.json");
      assertThat(client.cvms().info(CvmId.of(CVM)).name()).isEqualTo("my-secret-app");
      // Full-jitter backoff: one wait, bounded by the base delay.
      assertThat(cloud.time.sleeps).singleElement()
          .satisfies(d -> assertThat(d).isBetween(Duration.ZERO, RetryPolicy.defaults().baseDelay()));
    }
  }

  @Test
  void read_429StormWithRetryAfter_rateLimitErrorCarriesTheWait() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      for (int i = 0; i < 5; i++) {
        cloud.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
            .body("{\"detail\":\"slow down\"}").build());
      }
      CloudRateLimitException e =
          catchThrowableOfType(CloudRateLimitException.class, () -> client.cvms().info(CvmId.of(CVM)));
      assertThat(e).isNotNull();
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
      assertThat(cloud.time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
      assertThat(cloud.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void read_429WithRetryAfterBeyondThePolicyCap_returnsAtOnce() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600")
          .body("{\"detail\":\"slow down\"}").build());
      CloudRateLimitException e =
          catchThrowableOfType(CloudRateLimitException.class, () -> client.cvms().info(CvmId.of(CVM)));
      assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(1));
      assertThat(cloud.requestCount()).isEqualTo(1);
      assertThat(cloud.time.sleeps).isEmpty();
    }
  }

  @Test
  void deploy_commit429WithoutRetryAfter_waitsOnePollIntervalAndCommitsOnce() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueue(json(429, "{\"detail\":\"slow down\"}"));
      cloud.enqueueResource(200, "vm.json");
      cloud.enqueue(sse("{\"status\":\"running\"}"));

      client.deploy(spec(), options());

      // 429 means the commit was refused, not applied: sending it again cannot make a second CVM.
      assertThat(cloud.time.sleeps).containsExactly(DeployOptions.defaults().pollInterval());
      assertThat(CloudServer.count(cloud.takeAll(), "POST", "/cvms")).isEqualTo(2);
    }
  }

  @Test
  void deploy_commit429Twice_rateLimitErrorAfterTwoCommits() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueue(json(429, "{\"detail\":\"slow down\"}"));
      cloud.enqueue(json(429, "{\"detail\":\"slow down\"}"));

      assertThat(catchThrowableOfType(CloudRateLimitException.class, () -> client.deploy(spec(), options())))
          .isNotNull();
      assertThat(CloudServer.count(cloud.takeAll(), "POST", "/cvms")).isEqualTo(2);
    }
  }

  // --- slow state stream -------------------------------------------------------------------

  @Test
  void deploy_stateStreamStallsAfterFirstEvent_pollsToRunningWithOneCommit() {
    try (PhalaCloudClient client = cloud.clientBuilder().readTimeout(SHORT_READ).build()) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueueResource(200, "vm.json");
      String first = "event: state\ndata: {\"status\":\"starting\"}\n\n";
      cloud.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
          .body(first + first.replace("starting", "still-starting-still-starting"))
          .onResponseBody(SocketEffect.Stall.INSTANCE).build());
      cloud.enqueue(json(200, "{\"status\":\"starting\"}"));
      cloud.enqueue(json(200, "{\"status\":\"running\"}"));

      Deployment d = client.deploy(spec(), options()).deployment();

      assertThat(d.state().status()).isEqualTo(CvmStatus.RUNNING);
      assertThat(stages()).containsSubsequence(
          DeployEvent.Stage.COMMITTED, DeployEvent.Stage.STATE, DeployEvent.Stage.POLLING, DeployEvent.Stage.RUNNING);
      List<RecordedRequest> requests = cloud.takeAll();
      assertThat(CloudServer.count(requests, "POST", "/cvms")).isEqualTo(1);
      assertThat(CloudServer.count(requests, "GET", "/cvms/" + CVM + "/state")).isEqualTo(3);
    }
  }

  // --- commit applied, answer lost ---------------------------------------------------------

  @Test
  void deploy_commitLostAndCvmNotYetVisible_secondCommitConflictsAndRecoversTheCvm() {
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
      // The lookup races the server's own write: not visible yet.
      cloud.enqueue(json(404, "{\"detail\":\"CVM not found\"}"));
      // The repeated commit is refused because the first one did create the CVM.
      cloud.enqueue(json(409, "{\"detail\":{\"error_code\":\"ERR-03-007\",\"message\":\"app id already in use\"}}"));
      cloud.enqueueResource(200, "cvm_info.json");
      cloud.enqueue(sse("{\"status\":\"running\"}"));

      Deployment d = client.deploy(spec(), options()).deployment();

      assertThat(d.cvmId()).isEqualTo(CvmId.of(CVM));
      List<RecordedRequest> requests = cloud.takeAll();
      assertThat(CloudServer.count(requests, "POST", "/cvms")).isEqualTo(2);
      assertThat(CloudServer.count(requests, "GET", "/cvms/app_" + APP_ID)).isEqualTo(2);
    }
  }

  @Test
  void deploy_firstCommitConflicts_conflictIsReportedNotRecovered() {
    // A conflict on the first commit is someone else's CVM with this app id: not ours to adopt.
    try (PhalaCloudClient client = cloud.clientBuilder().build()) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueue(json(409, "{\"detail\":{\"error_code\":\"ERR-03-007\",\"message\":\"app id already in use\"}}"));

      CloudConflictException e =
          catchThrowableOfType(CloudConflictException.class, () -> client.deploy(spec(), options()));

      assertThat(e.isAppIdConflict()).isTrue();
      List<RecordedRequest> requests = cloud.takeAll();
      assertThat(CloudServer.count(requests, "POST", "/cvms")).isEqualTo(1);
      assertThat(CloudServer.count(requests, "GET", "/cvms/app_" + APP_ID)).isZero();
    }
  }
}

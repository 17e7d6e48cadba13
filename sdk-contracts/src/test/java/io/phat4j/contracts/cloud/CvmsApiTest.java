package io.phat4j.contracts.cloud;

import static io.phat4j.contracts.cloud.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.AppId;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.http.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CvmsApiTest {
  static final String APP_ID = "ea549f02e1a25fabd1cb788380e033ec5461b2ff";
  static final String COMPOSE_HASH =
      "0f6a7bd3f19fd94b3a0d0c9c42b8bd1bd7e1c07f2f7a1f0c2f3e7ea0b3d1a9c4";
  static final String REGISTRATION_465 =
      "{\"detail\":{\"error_code\":\"ERR-01-005\",\"message\":\"Compose hash must be registered on chain\","
          + "\"details\":[{\"field\":\"compose_hash\",\"value\":\"" + COMPOSE_HASH + "\"},"
          + "{\"field\":\"app_id\",\"value\":\"" + APP_ID + "\"},"
          + "{\"field\":\"device_id\",\"value\":\"1d2c3b4a\"},"
          + "{\"field\":\"kms_info\",\"value\":{\"id\":\"kms_base\",\"slug\":\"base\",\"chain_id\":8453,"
          + "\"kms_contract_address\":\"0x2f83172a49584c017f2b256f0fb2dca14126ba9c\",\"x_future\":1}},"
          + "{\"field\":\"commit_token\",\"value\":\"tok_123\"},"
          + "{\"field\":\"commit_url\",\"value\":\"https://cloud.phala.com/commit/tok_123\"},"
          + "{\"field\":\"api_commit_url\",\"value\":\"https://cloud-api.phala.com/api/v1/cvms/x/commit-update\"},"
          + "{\"field\":\"onchain_status\",\"value\":{\"compose_hash_allowed\":false,"
          + "\"device_id_allowed\":true,\"is_allowed\":false}}]}}";

  private static final CvmId CVM = CvmId.of("my-secret-app");

  private final CloudServer cloud = new CloudServer();
  private final PhalaCloudClient client = cloud.clientBuilder().build();

  @AfterEach
  void stop() {
    client.close();
    cloud.close();
  }

  static void assertRegistration(OnChainRegistrationRequired r) {
    assertThat(r.errorCode()).isEqualTo("ERR-01-005");
    assertThat(r.message()).isEqualTo("Compose hash must be registered on chain");
    assertThat(r.composeHash()).isEqualTo(COMPOSE_HASH);
    assertThat(r.appId()).isEqualTo(APP_ID);
    assertThat(r.deviceId()).isEqualTo("1d2c3b4a");
    assertThat(r.kmsInfo())
        .isEqualTo(
            new KmsInfo(
                "kms_base", "base", null, null, 8453L,
                "0x2f83172a49584c017f2b256f0fb2dca14126ba9c", null));
    assertThat(r.commitToken()).isEqualTo("tok_123");
    assertThat(r.commitUrl()).isEqualTo("https://cloud.phala.com/commit/tok_123");
    assertThat(r.apiCommitUrl()).endsWith("/commit-update");
    assertThat(r.onchainStatus()).isEqualTo(new OnChainStatus(false, true, false));
  }

  @Test
  void provision_request_postsBodyAndParsesProvision() {
    cloud.enqueueResource(200, "provision.json");
    AppSpec spec =
        AppSpec.builder("my-secret-app", "services: {}")
            .env("API_TOKEN", "t0ps3cret")
            .nodeId(7)
            .publicLogs(true)
            .build();
    Provision p = client.cvms().provision(spec.toProvisionRequest());

    RecordedRequest request = cloud.takeApi("POST", "/cvms/provision");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(tree(CloudServer.body(request)))
        .isEqualTo(
            tree(
                "{\"name\":\"my-secret-app\",\"teepod_id\":7,\"instance_type\":\"tdx.small\","
                    + "\"compose_file\":{\"docker_compose_file\":\"services: {}\","
                    + "\"allowed_envs\":[\"API_TOKEN\"],\"name\":\"my-secret-app\",\"kms_enabled\":true,"
                    + "\"public_logs\":true},\"env_keys\":[\"API_TOKEN\"]}"));
    assertThat(CloudServer.body(request)).doesNotContain("t0ps3cret");
    assertThat(p.appId()).isEqualTo(APP_ID);
    assertThat(p.composeHash()).isEqualTo(COMPOSE_HASH);
    assertThat(p.appEnvEncryptPubkey())
        .isEqualTo("a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209");
    assertThat(p.kmsInfo().slug()).isEqualTo("phala");
    assertThat(p.teepodId()).isEqualTo("7");
    assertThat(p.fmspc()).isEqualTo("00806F050000");
  }

  @Test
  void provision_503ThenOk_retriedBecauseNothingIsCreated() {
    cloud.enqueue(503, "{\"detail\":\"busy\"}");
    cloud.enqueueResource(200, "provision.json");
    Provision p =
        client.cvms().provision(AppSpec.builder("my-secret-app", "services: {}").build().toProvisionRequest());
    assertThat(p.composeHash()).isEqualTo(COMPOSE_HASH);
    assertThat(cloud.requestCount()).isEqualTo(2);
  }

  @Test
  void commit_request_postsOnceAndParsesVm() {
    cloud.enqueueResource(200, "vm.json");
    Outcome<Vm> outcome =
        client.cvms()
            .commit(new CommitRequest(APP_ID, COMPOSE_HASH, "abcd", "kms_1", null, null, List.of("API_TOKEN")));
    RecordedRequest request = cloud.takeApi("POST", "/cvms");
    assertThat(tree(CloudServer.body(request)))
        .isEqualTo(
            tree(
                "{\"app_id\":\"" + APP_ID + "\",\"compose_hash\":\"" + COMPOSE_HASH + "\","
                    + "\"encrypted_env\":\"abcd\",\"kms_id\":\"kms_1\",\"env_keys\":[\"API_TOKEN\"]}"));
    Vm vm = ((Outcome.Accepted<Vm>) outcome).value();
    assertThat(vm.id()).isEqualTo("4242");
    assertThat(vm.status().kind()).isEqualTo(CvmStatus.Kind.CREATING);
    assertThat(vm.teepod()).isEqualTo(new Vm.NodeRef("7", "prod7"));
    assertThat(vm.features()).containsExactly("kms", "tproxy-net");
    assertThat(vm.vmUuid()).isEqualTo("8f1d2c1e-3c4b-4d5a-9e6f-0a1b2c3d4e5f");
  }

  @Test
  void commit_503_notRetried() {
    cloud.enqueue(503, "{\"detail\":\"busy\"}");
    assertThatThrownBy(
            () -> client.cvms().commit(new CommitRequest(APP_ID, COMPOSE_HASH, null, null, null, null, null)))
        .isInstanceOf(CloudServerException.class);
    assertThat(cloud.requestCount()).isEqualTo(1);
  }

  @Test
  void commit_465_registrationRequired() {
    cloud.enqueue(465, REGISTRATION_465);
    Outcome<Vm> outcome =
        client.cvms().commit(new CommitRequest(APP_ID, COMPOSE_HASH, null, null, "0xabc", "0xdef", null));
    assertThat(outcome.accepted()).isFalse();
    assertRegistration(((Outcome.RegistrationRequired<Vm>) outcome).registration());
  }

  @Test
  void list_page_getsWithQueryAndParsesItems() {
    cloud.enqueue(
        200,
        "{\"items\":[" + CloudServer.resource("cvm_info.json") + "],\"total\":1,\"page\":2,"
            + "\"page_size\":10,\"pages\":2,\"x_future\":0}");
    Page<CvmInfo> page = client.cvms().list(2, 10);
    cloud.takeApi("GET", "/cvms/paginated?page=2&page_size=10");
    assertThat(page.total()).isEqualTo(1);
    assertThat(page.pages()).isEqualTo(2);
    assertThat(page.items()).singleElement().extracting(CvmInfo::name).isEqualTo("my-secret-app");
  }

  private void enqueueThreePages() {
    for (int p = 1; p <= 3; p++) {
      cloud.enqueue(
          200,
          "{\"items\":[{\"name\":\"cvm-" + p + "a\"},{\"name\":\"cvm-" + p + "b\"}],\"total\":6,"
              + "\"page\":" + p + ",\"page_size\":2,\"pages\":3}");
    }
  }

  @Test
  void listAll_partlyConsumed_fetchesOnlyNeededPages() {
    enqueueThreePages();
    var stream = client.cvms().listAll(2);
    assertThat(cloud.requestCount()).isZero();
    assertThat(stream.limit(3).map(CvmInfo::name).collect(Collectors.toList()))
        .containsExactly("cvm-1a", "cvm-1b", "cvm-2a");
    assertThat(cloud.requestCount()).isEqualTo(2);
    cloud.takeApi("GET", "/cvms/paginated?page=1&page_size=2");
    cloud.takeApi("GET", "/cvms/paginated?page=2&page_size=2");
  }

  @Test
  void listAll_fullyConsumed_stopsAfterLastPage() {
    enqueueThreePages();
    assertThat(client.cvms().listAll(2).map(CvmInfo::name).toList())
        .containsExactly("cvm-1a", "cvm-1b", "cvm-2a", "cvm-2b", "cvm-3a", "cvm-3b");
    assertThat(cloud.requestCount()).isEqualTo(3);
  }

  @Test
  void listAll_badPageSize_throws() {
    assertThatThrownBy(() -> client.cvms().listAll(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pageSize must be 1 to 100");
  }

  @Test
  void info_byUuid_parsesCvmInfoIgnoringUnknownFields() {
    cloud.enqueueResource(200, "cvm_info.json");
    CvmInfo info = client.cvms().info(CvmId.of("8f1d2c1e-3c4b-4d5a-9e6f-0a1b2c3d4e5f"));
    cloud.takeApi("GET", "/cvms/8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f");
    assertThat(info.status()).isEqualTo(CvmStatus.RUNNING);
    assertThat(info.resource().memoryInGb()).isEqualTo(2.0);
    assertThat(info.nodeInfo().region()).isEqualTo("us-west");
    assertThat(info.os().isDev()).isFalse();
    assertThat(info.kmsInfo().encryptedEnvPubkey()).startsWith("a4e0");
    assertThat(info.composeHash()).isEqualTo(COMPOSE_HASH);
    assertThat(info.endpoints()).containsExactly(new CvmInfo.Endpoint("https://app.example", "https://inst.example"));
    assertThat(info.gatewayEnabled()).isTrue();
  }

  @Test
  void info_unknownStatus_keptAsUnknownWithRawValue() {
    cloud.enqueue(200, "{\"name\":\"x\",\"status\":\"hibernating\"}");
    CvmInfo info = client.cvms().info(CVM);
    assertThat(info.status().kind()).isEqualTo(CvmStatus.Kind.UNKNOWN);
    assertThat(info.status().raw()).isEqualTo("hibernating");
  }

  @Test
  void info_nameWithReservedCharacters_encodedAsOneSegment() {
    cloud.enqueue(200, "{}");
    client.cvms().info(CvmId.of("a?b#c%d"));
    assertThat(cloud.take().getTarget()).isEqualTo("/api/v1/cvms/a%3Fb%23c%25d");
  }

  @Test
  void composeFile_get_keepsUnknownFieldsForRoundTrip() {
    cloud.enqueueResource(200, "compose_file.json");
    CvmComposeFile compose = client.cvms().composeFile(CVM);
    cloud.takeApi("GET", "/cvms/my-secret-app/compose_file");
    assertThat(compose.dockerComposeFile()).contains("nginx");
    assertThat(compose.allowedEnvs()).containsExactly("API_TOKEN");
    assertThat(compose.flag("kms_enabled")).isTrue();
    assertThat(compose.preLaunchScript()).startsWith("#!/bin/sh");

    cloud.enqueue(
        200,
        "{\"app_id\":\"" + APP_ID + "\",\"device_id\":\"1d2c3b4a\",\"compose_hash\":\"" + COMPOSE_HASH
            + "\",\"kms_info\":{\"slug\":\"phala\"},\"compose_hash_registered\":null,\"x_future\":1}");
    CvmComposeFile changed =
        compose.withDockerComposeFile("services: {b: {}}").withAllowedEnvs(List.of("A", "B"));
    ComposeUpdateProvision provision = client.cvms().provisionComposeUpdate(CVM, changed, true);
    RecordedRequest request = cloud.takeApi("POST", "/cvms/my-secret-app/compose_file/provision");
    var expected = (com.fasterxml.jackson.databind.node.ObjectNode) tree(CloudServer.resource("compose_file.json"));
    expected.put("docker_compose_file", "services: {b: {}}");
    expected.putArray("allowed_envs").add("A").add("B");
    expected.put("update_env_vars", true);
    assertThat(tree(CloudServer.body(request))).isEqualTo(expected);
    assertThat(provision.composeHash()).isEqualTo(COMPOSE_HASH);
    assertThat(provision.kmsInfo().slug()).isEqualTo("phala");
    assertThat(compose.dockerComposeFile()).contains("nginx");
  }

  @Test
  void commitComposeUpdate_emptyAnswer_accepted() {
    cloud.enqueue(new MockResponse.Builder().code(202).build());
    Outcome<UpdateAccepted> outcome =
        client.cvms().commitComposeUpdate(CVM, new ComposeUpdateCommit(COMPOSE_HASH, "beef", List.of("A"), true));
    RecordedRequest request = cloud.takeApi("PATCH", "/cvms/my-secret-app/compose_file");
    assertThat(tree(CloudServer.body(request)))
        .isEqualTo(
            tree(
                "{\"compose_hash\":\"" + COMPOSE_HASH + "\",\"encrypted_env\":\"beef\","
                    + "\"env_keys\":[\"A\"],\"update_env_vars\":true}"));
    assertThat(outcome.accepted()).isTrue();
  }

  @Test
  void commitComposeUpdate_465_registrationRequired() {
    cloud.enqueue(465, REGISTRATION_465);
    Outcome<UpdateAccepted> outcome =
        client.cvms().commitComposeUpdate(CVM, new ComposeUpdateCommit(COMPOSE_HASH, null, null, null));
    assertRegistration(((Outcome.RegistrationRequired<UpdateAccepted>) outcome).registration());
  }

  @Test
  void updateEnvs_accepted_parsesCorrelation() {
    cloud.enqueue(
        200,
        "{\"status\":\"in_progress\",\"message\":\"Updating\",\"correlation_id\":\"corr-1\","
            + "\"allowed_envs_changed\":true,\"x_future\":[]}");
    Outcome<UpdateAccepted> outcome =
        client.cvms().updateEnvs(CVM, new EnvUpdateRequest("beef", List.of("A"), null, null));
    RecordedRequest request = cloud.takeApi("PATCH", "/cvms/my-secret-app/envs");
    assertThat(tree(CloudServer.body(request)))
        .isEqualTo(tree("{\"encrypted_env\":\"beef\",\"env_keys\":[\"A\"]}"));
    assertThat(((Outcome.Accepted<UpdateAccepted>) outcome).value())
        .isEqualTo(new UpdateAccepted("in_progress", "Updating", "corr-1", true));
  }

  @Test
  void updateEnvs_465_registrationRequiredThenRepeatWithTransactionHash() {
    cloud.enqueue(465, REGISTRATION_465);
    Outcome<UpdateAccepted> first =
        client.cvms().updateEnvs(CVM, new EnvUpdateRequest("beef", List.of("A"), null, null));
    assertRegistration(((Outcome.RegistrationRequired<UpdateAccepted>) first).registration());
    cloud.take();

    cloud.enqueue(200, "{\"status\":\"in_progress\",\"correlation_id\":\"corr-2\"}");
    Outcome<UpdateAccepted> second =
        client.cvms().updateEnvs(CVM, new EnvUpdateRequest("beef", List.of("A"), COMPOSE_HASH, "0xfeed"));
    RecordedRequest request = cloud.takeApi("PATCH", "/cvms/my-secret-app/envs");
    assertThat(tree(CloudServer.body(request)))
        .isEqualTo(
            tree(
                "{\"encrypted_env\":\"beef\",\"env_keys\":[\"A\"],\"compose_hash\":\"" + COMPOSE_HASH
                    + "\",\"transaction_hash\":\"0xfeed\"}"));
    assertThat(second.accepted()).isTrue();
  }

  @Test
  void updateDockerCompose_yamlBodyAndHashHeaders() {
    cloud.enqueue(200, "{\"status\":\"in_progress\",\"message\":\"ok\",\"correlation_id\":\"c\"}");
    client.cvms().updateDockerCompose(CVM, "services: {}\n", COMPOSE_HASH, "0xfeed");
    RecordedRequest request = cloud.takeApi("PATCH", "/cvms/my-secret-app/docker-compose");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("text/yaml");
    assertThat(request.getHeaders().get("X-Compose-Hash")).isEqualTo(COMPOSE_HASH);
    assertThat(request.getHeaders().get("X-Transaction-Hash")).isEqualTo("0xfeed");
    assertThat(CloudServer.body(request)).isEqualTo("services: {}\n");
  }

  @Test
  void updateDockerCompose_465_registrationRequired() {
    cloud.enqueue(465, REGISTRATION_465);
    Outcome<UpdateAccepted> outcome = client.cvms().updateDockerCompose(CVM, "services: {}\n", null, null);
    assertThat(cloud.take().getHeaders().get("X-Compose-Hash")).isNull();
    assertRegistration(((Outcome.RegistrationRequired<UpdateAccepted>) outcome).registration());
  }

  @Test
  void updatePreLaunchScript_plainTextBody() {
    cloud.enqueue(200, "{\"status\":\"in_progress\"}");
    client.cvms().updatePreLaunchScript(CVM, "echo hi", null, null);
    RecordedRequest request = cloud.takeApi("PATCH", "/cvms/my-secret-app/pre-launch-script");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("text/plain");
    assertThat(CloudServer.body(request)).isEqualTo("echo hi");
  }

  @Test
  void preLaunchScriptAndDockerCompose_get_returnText() {
    cloud.enqueue(200, "\"#!/bin/sh\\necho hi\\n\"");
    assertThat(client.cvms().preLaunchScript(CVM)).isEqualTo("#!/bin/sh\necho hi\n");
    cloud.takeApi("GET", "/cvms/my-secret-app/pre-launch-script");
    cloud.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/yaml").body("services: {}\n").build());
    assertThat(client.cvms().dockerCompose(CVM)).isEqualTo("services: {}\n");
    cloud.takeApi("GET", "/cvms/my-secret-app/docker-compose.yml");
  }

  @Test
  void patch_prepareOnly_sendsHeaderAndReturns465WithToken() {
    cloud.enqueue(465, REGISTRATION_465);
    Outcome<UpdateAccepted> outcome =
        client.cvms().patch(CVM, CvmPatch.builder().publicLogs(false).vcpu(2).build(), true);
    RecordedRequest request = cloud.takeApi("PATCH", "/cvms/my-secret-app");
    assertThat(request.getHeaders().get("X-Prepare-Only")).isEqualTo("true");
    assertThat(tree(CloudServer.body(request))).isEqualTo(tree("{\"public_logs\":false,\"vcpu\":2}"));
    assertRegistration(((Outcome.RegistrationRequired<UpdateAccepted>) outcome).registration());
  }

  @Test
  void confirmPatchAndCommitUpdate_sendHashesAndToken() {
    cloud.enqueue(200, "{\"correlation_id\":\"c1\"}");
    assertThat(client.cvms().confirmPatch(CVM, COMPOSE_HASH, "0xfeed").correlationId()).isEqualTo("c1");
    RecordedRequest confirm = cloud.takeApi("PATCH", "/cvms/my-secret-app");
    assertThat(confirm.getHeaders().get("X-Compose-Hash")).isEqualTo(COMPOSE_HASH);
    assertThat(confirm.getHeaders().get("X-Transaction-Hash")).isEqualTo("0xfeed");
    assertThat(tree(CloudServer.body(confirm))).isEqualTo(tree("{}"));

    cloud.enqueue(200, "{\"correlation_id\":\"c2\",\"status\":\"in_progress\"}");
    UpdateAccepted committed = client.cvms().commitUpdate(CVM, "tok_123", COMPOSE_HASH, "0xfeed");
    RecordedRequest commit = cloud.takeApi("POST", "/cvms/my-secret-app/commit-update");
    assertThat(tree(CloudServer.body(commit)))
        .isEqualTo(
            tree(
                "{\"token\":\"tok_123\",\"compose_hash\":\"" + COMPOSE_HASH
                    + "\",\"transaction_hash\":\"0xfeed\"}"));
    assertThat(committed.status()).isEqualTo("in_progress");
  }

  @Test
  void lifecycle_startStopShutdownRestartReplicateDelete_exactRequests() {
    String vm = CloudServer.resource("vm.json");
    for (int i = 0; i < 5; i++) {
      cloud.enqueue(200, vm);
    }
    cloud.enqueue(new MockResponse.Builder().code(204).build());
    CvmId byApp = CvmId.ofAppId(AppId.fromHex(APP_ID));
    assertThat(client.cvms().start(byApp).name()).isEqualTo("my-secret-app");
    cloud.takeApi("POST", "/cvms/app_" + APP_ID + "/start");
    client.cvms().stop(byApp);
    cloud.takeApi("POST", "/cvms/app_" + APP_ID + "/stop");
    client.cvms().shutdown(byApp);
    cloud.takeApi("POST", "/cvms/app_" + APP_ID + "/shutdown");
    client.cvms().restart(byApp, true);
    assertThat(tree(CloudServer.body(cloud.takeApi("POST", "/cvms/app_" + APP_ID + "/restart"))))
        .isEqualTo(tree("{\"force\":true}"));
    client.cvms().replicate(byApp, 9L);
    assertThat(tree(CloudServer.body(cloud.takeApi("POST", "/cvms/app_" + APP_ID + "/replicas"))))
        .isEqualTo(tree("{\"node_id\":9}"));
    client.cvms().delete(byApp);
    cloud.takeApi("DELETE", "/cvms/app_" + APP_ID);
  }

  @Test
  void stop_connectionDropped_notRetried() {
    cloud.enqueue(
        new MockResponse.Builder()
            .onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    cloud.enqueue(200, CloudServer.resource("vm.json"));
    assertThatThrownBy(() -> client.cvms().stop(CVM)).isInstanceOf(PhalaTransportException.class);
    assertThat(cloud.requestCount()).isEqualTo(1);
  }

  @Test
  void state_get_parsesState() {
    cloud.enqueue(
        200,
        "{\"id\":\"4242\",\"instance_id\":null,\"name\":\"my-secret-app\",\"status\":\"starting\","
            + "\"uptime\":null,\"boot_progress\":\"pulling images\",\"boot_error\":null,\"x\":1}");
    CvmState state = client.cvms().state(CVM);
    cloud.takeApi("GET", "/cvms/my-secret-app/state");
    assertThat(state.status().kind()).isEqualTo(CvmStatus.Kind.STARTING);
    assertThat(state.bootProgress()).isEqualTo("pulling images");
    assertThat(state.failed()).isFalse();
  }

  @Test
  void watchState_sseEvents_stopsAtRunning() {
    cloud.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/event-stream")
            .body(
                ": keep-alive\n\n"
                    + "event: state\ndata: {\"status\":\"starting\",\"boot_progress\":\"booting\"}\n\n"
                    + "event: ping\ndata: {}\n\n"
                    + "event: state\ndata: {\"status\":\"running\",\"uptime\":\"1s\"}\n\n"
                    + "event: state\ndata: {\"status\":\"stopping\"}\n\n")
            .build());
    List<String> seen = new java.util.ArrayList<>();
    CvmState state =
        client.cvms()
            .watchState(
                CVM, "running", Duration.ofSeconds(5), Duration.ofSeconds(120),
                s -> {
                  seen.add(s.status().raw());
                  return s.status().is(CvmStatus.Kind.RUNNING);
                });
    RecordedRequest request =
        cloud.takeApi("GET", "/cvms/my-secret-app/state?target=running&interval=5&timeout=120");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    assertThat(seen).containsExactly("starting", "running");
    assertThat(state.uptime()).isEqualTo("1s");
  }

  @Test
  void watchState_timeoutEvent_endsWithoutState() {
    cloud.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(
                "event: state\ndata: {\"status\":\"starting\"}\n\n"
                    + "event: timeout\ndata: {\"message\":\"timed out\"}\n\n"
                    + "event: state\ndata: {\"status\":\"running\"}\n\n")
            .build());
    List<String> seen = new java.util.ArrayList<>();
    CvmState state =
        client.cvms()
            .watchState(CVM, "running", Duration.ofSeconds(1), Duration.ofSeconds(1), s -> {
              seen.add(s.status().raw());
              return s.status().is(CvmStatus.Kind.RUNNING);
            });
    assertThat(state).isNull();
    assertThat(seen).containsExactly("starting");
    cloud.takeApi("GET", "/cvms/my-secret-app/state?target=running&interval=5&timeout=10");
  }

  @Test
  void watchState_completeEventWithFinalState_returnsIt() {
    cloud.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("event: complete\ndata: {\"status\":\"stopped\",\"name\":\"x\"}\n\n")
            .build());
    CvmState state =
        client.cvms()
            .watchState(CVM, "stopped", Duration.ofSeconds(30), Duration.ofSeconds(900),
                s -> s.status().is(CvmStatus.Kind.STOPPED));
    assertThat(state.name()).isEqualTo("x");
    cloud.takeApi("GET", "/cvms/my-secret-app/state?target=stopped&interval=30&timeout=600");
  }

  @Test
  void attestation_get_parsesCertificatesAndTcbInfo() {
    cloud.enqueueResource(200, "attestation.json");
    CvmAttestation a = client.cvms().attestation(CVM);
    cloud.takeApi("GET", "/cvms/my-secret-app/attestation");
    assertThat(a.isOnline()).isTrue();
    assertThat(a.appCertificates()).singleElement().satisfies(c -> {
      assertThat(c.quote()).isEqualTo("04000200810000");
      assertThat(c.issuer().organization()).isEqualTo("Dstack");
      assertThat(c.sans()).containsExactly("app.example");
      assertThat(c.positionInChain()).isZero();
    });
    assertThat(a.tcbInfo().rtmr3()).isEqualTo("b3");
    assertThat(a.tcbInfo().eventLog()).singleElement()
        .isEqualTo(new CvmAttestation.EventLogItem(3, 134217729L, "dd", "compose-hash", "0f6a"));
    assertThat(a.tcbInfo().appCompose()).isEqualTo("{\"manifest_version\":2}");
  }

  @Test
  void info_slowAnswer_readTimeoutIsTransportError() {
    try (PhalaCloudClient slow =
        cloud.clientBuilder().readTimeout(Duration.ofMillis(200)).retryPolicy(RetryPolicy.none()).build()) {
      cloud.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(2, TimeUnit.SECONDS).build());
      assertThatThrownBy(() -> slow.cvms().info(CVM))
          .isInstanceOf(PhalaTransportException.class)
          .hasMessageContaining("GET /api/██/██/██").hasMessageNotContaining("my-secret-app");
    }
  }
}

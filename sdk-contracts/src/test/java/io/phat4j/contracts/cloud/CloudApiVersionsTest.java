package io.phat4j.contracts.cloud;

import static io.phat4j.contracts.cloud.CvmsApiTest.APP_ID;
import static io.phat4j.contracts.cloud.CvmsApiTest.COMPOSE_HASH;
import static io.phat4j.contracts.cloud.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.crypto.KmsSignatureException;
import io.phat4j.core.dstack.MrConfigId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client per API version: headers and pins, hashed ids, KMS contracts, unchanged updates, the
 * status batch, app attestations and error fields, against answers shaped as each version's
 * schemas in {@code @phala/cloud} describe them.
 */
@Timeout(30)
class CloudApiVersionsTest {
  private static final JsonNode VECTOR = tree(CloudServer.resource("env-pubkey-signature.json"));
  private static final String COMPOSE = "services:\n  app:\n    image: nginx\n";
  private static final String HASHED = "cvm_ykL5lbAn";

  private final CloudServer cloud = new CloudServer();
  private final List<DeployEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    cloud.close();
  }

  private PhalaCloudClient client(ApiVersion version) {
    cloud.version = version;
    cloud.kmsContractCalls = version.hasKmsContracts();
    return cloud.clientBuilder().build();
  }

  private List<DeployEvent.Stage> stages() {
    return events.stream().map(DeployEvent::stage).toList();
  }

  private static MockResponse sse(String... data) {
    StringBuilder body = new StringBuilder();
    for (String d : data) {
      body.append("event: state\ndata: ").append(d).append("\n\n");
    }
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body.toString()).build();
  }

  private void enqueueSignedKey() {
    cloud.enqueue(200, "{\"public_key\":\"" + VECTOR.get("env_public_key").asText() + "\",\"signature\":\""
        + VECTOR.get("signature_legacy").asText() + "\"}");
  }

  private static AppSpec spec() {
    return AppSpec.builder("my-secret-app", COMPOSE).env("API_TOKEN", "tok-secret").build();
  }

  @ParameterizedTest
  @EnumSource(ApiVersion.class)
  void everyVersion_sendsItsHeader_andKmsCallsPinTheirs(ApiVersion version) {
    try (PhalaCloudClient client = client(version)) {
      cloud.enqueueResource(200, "cvm_info.json");
      assertThat(client.cvms().info(CvmId.of("my-secret-app")).name()).isEqualTo("my-secret-app");
      cloud.takeApi("GET", "/cvms/my-secret-app");

      enqueueSignedKey();
      client.kms().envEncryptPublicKey("phala", AppId.fromHex(APP_ID));
      assertThat(cloud.takeApi("GET", "/kms/phala/pubkey/" + APP_ID).getHeaders().get("X-Phala-Version"))
          .isEqualTo("2026-05-22");

      cloud.enqueueResource(200, "kms_contracts.json");
      client.kms().contracts(1, 10, null);
      assertThat(cloud.take().getHeaders().get("X-Phala-Version")).isEqualTo("2026-06-23");
    }
  }

  private static String contract(int index) {
    return tree(CloudServer.resource("kms_contracts.json")).get("items").get(index).toString();
  }

  @Test
  void deploy_2026_06_23_reportsHashedId_andChecksEnvKeyAgainstTheContractsK256Key() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_06_23)) {
      cloud.enqueueResource(200, "provision_2026-06-23.json");
      cloud.enqueue(200, contract(0));
      enqueueSignedKey();
      cloud.enqueueResource(200, "vm_2026-06-23.json");
      cloud.enqueue(sse("{\"status\":\"running\",\"uptime\":\"3s\"}"));

      Deployment d = client.deploy(spec(), DeployOptions.builder().listener(events::add).build()).deployment();

      assertThat(d.cvmId()).isEqualTo(CvmId.ofHashed(HASHED));
      assertThat(d.cvmId().hashed()).isTrue();
      assertThat(d.appId()).isEqualTo(AppId.fromHex(APP_ID));
      assertThat(d.composeHash()).isEqualTo(Bytes32.fromHex(COMPOSE_HASH));
      assertThat(stages()).contains(DeployEvent.Stage.KEY_VERIFIED).doesNotContain(DeployEvent.Stage.KEY_UNVERIFIED);
      assertThat(events).anySatisfy(e -> assertThat(e.message()).contains("kc_phala01"));
      cloud.takeApi("POST", "/cvms/provision");
      cloud.takeApi("GET", "/kms/kc_phala01");
      cloud.takeApi("GET", "/kms/phala-prod7/pubkey/" + APP_ID);
      cloud.takeApi("POST", "/cvms");
      assertThat(cloud.take().getTarget()).startsWith("/api/v1/cvms/" + HASHED + "/state");
    }
  }

  @ParameterizedTest
  @EnumSource(ApiVersion.class)
  void deploy_everyVersion_cvmIdFollowsTheVersionsIdShape(ApiVersion version) {
    String id = switch (version) {
      case V2025_10_28 -> "4242";
      case V2026_01_21 -> "0";
      case V2026_05_22, V2026_06_23 -> "\"" + HASHED + "\"";
    };
    try (PhalaCloudClient client = client(version)) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueue(200, CloudServer.resource("vm_2026-06-23.json").replace("\"" + HASHED + "\"", id));
      cloud.enqueue(sse("{\"status\":\"running\"}"));

      Deployment d = client.deploy(spec(), DeployOptions.builder().build()).deployment();

      String expected = version.hasHashedCvmIds() ? HASHED : "8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f";
      assertThat(d.cvmId().value()).isEqualTo(expected);
      List<RecordedRequest> all = cloud.takeAll();
      assertThat(all).allSatisfy(r -> assertThat(r.getHeaders().get("X-Phala-Version")).isEqualTo(version.value()));
      assertThat(all.getLast().getTarget()).startsWith("/api/v1/cvms/" + expected + "/state");
    }
  }

  @Test
  void deploy_2026_06_23_contractKeyDiffers_stopsBeforeCommit() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_06_23)) {
      cloud.enqueueResource(200, "provision_2026-06-23.json");
      // A real secp256k1 key that did not sign: the generator point.
      cloud.enqueue(200, contract(0).replace(VECTOR.get("kms_root_public_key_compressed").asText(),
          "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
      enqueueSignedKey();

      assertThatThrownBy(() -> client.deploy(spec(), DeployOptions.builder().build()))
          .isInstanceOf(KmsSignatureException.class);
      assertThat(CloudServer.count(cloud.takeAll(), "POST", "/cvms")).isZero();
    }
  }

  @Test
  void deploy_2026_06_23_pinnedRootStillWins_overTheContract() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_06_23)) {
      cloud.enqueueResource(200, "provision_2026-06-23.json");
      enqueueSignedKey();
      var other = io.phat4j.core.crypto.Secp256k1PublicKey.fromHex(
          "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
      assertThatThrownBy(() -> client.deploy(spec(), DeployOptions.builder().trustedKmsKey(other).build()))
          .isInstanceOf(KmsSignatureException.class);
      List<RecordedRequest> all = cloud.takeAll();
      assertThat(CloudServer.count(all, "GET", "/kms/kc_phala01")).as("no contract lookup when pinned").isZero();
      assertThat(CloudServer.count(all, "POST", "/cvms")).isZero();
    }
  }

  @Test
  void deploy_2026_01_21_placeholderIdZero_isNeverUsed_vmUuidAddressesTheCvm() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_01_21)) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueue(200, CloudServer.resource("vm.json").replace("\"id\": 4242", "\"id\": 0"));
      cloud.enqueue(sse("{\"status\":\"running\"}"));

      Deployment d = client.deploy(spec(), DeployOptions.builder().build()).deployment();

      assertThat(d.cvmId().value()).isEqualTo("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f");
      assertThat(cloud.takeAll()).noneMatch(r -> r.getUrl().encodedPath().startsWith("/api/v1/cvms/0"));
    }
    assertThatThrownBy(() -> CvmId.of("0")).isInstanceOf(InvalidInputException.class).hasMessageContaining("placeholder");
    assertThat(CvmId.from("0", null, AppId.fromHex(APP_ID)).value()).isEqualTo("app_" + APP_ID);
    assertThat(CvmId.of(HASHED).hashed()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = ApiVersion.class, names = {"V2026_01_21", "V2026_06_23"})
  void update_composeUnchanged_noCommitNoRestartNoWait(ApiVersion version) {
    try (PhalaCloudClient client = client(version)) {
      cloud.enqueueResource(200, "compose_file.json");
      cloud.enqueue(200, "{\"app_id\":\"" + APP_ID + "\",\"device_id\":\"d\",\"compose_hash\":\"" + COMPOSE_HASH
          + "\",\"compose_unchanged\":true}");
      cloud.enqueueResource(200, "cvm_info.json");

      DeployResult result = client.update(CvmId.of("my-secret-app"),
          AppSpec.builder("my-secret-app", COMPOSE).build(), DeployOptions.builder().listener(events::add).build());

      assertThat(result).isInstanceOf(DeployResult.Running.class);
      assertThat(result.deployment().composeHash().hex()).isEqualTo(COMPOSE_HASH);
      assertThat(result.deployment().state().status().is(CvmStatus.Kind.RUNNING)).isTrue();
      assertThat(stages()).endsWith(DeployEvent.Stage.UNCHANGED).doesNotContain(DeployEvent.Stage.COMMITTED);
      List<RecordedRequest> all = cloud.takeAll();
      assertThat(all).hasSize(3);
      assertThat(CloudServer.count(all, "PATCH", "/cvms/my-secret-app/compose_file")).isZero();
    }
  }

  @Test
  void update_patchAnswersNoChange_reportsUnchangedWithoutWatching() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_06_23)) {
      cloud.enqueueResource(200, "compose_file.json");
      cloud.enqueue(200, "{\"app_id\":\"" + APP_ID + "\",\"device_id\":\"d\",\"compose_hash\":\"" + COMPOSE_HASH + "\"}");
      cloud.enqueueResource(200, "cvm_info.json");
      cloud.enqueue(200, "{\"status\":\"no_change\",\"message\":\"compose unchanged\"}");
      cloud.enqueueResource(200, "cvm_info.json");

      DeployResult result = client.update(CvmId.of("my-secret-app"), spec(),
          DeployOptions.builder().listener(events::add).build());

      assertThat(result.deployment().composeHash().hex()).isEqualTo(COMPOSE_HASH);
      assertThat(stages()).endsWith(DeployEvent.Stage.UNCHANGED).doesNotContain(DeployEvent.Stage.STATE);
      List<RecordedRequest> all = cloud.takeAll();
      assertThat(CloudServer.count(all, "PATCH", "/cvms/my-secret-app/compose_file")).isOne();
      assertThat(all).noneMatch(r -> r.getUrl().encodedPath().endsWith("/state"));
    }
  }

  @Test
  void kmsContracts_typedListAndGet() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_06_23)) {
      cloud.enqueueResource(200, "kms_contracts.json");
      Page<KmsContract> page = client.kms().contracts(1, 10, true);
      cloud.takeApi("GET", "/kms?page=1&page_size=10&is_onchain=true");
      KmsContract phala = page.items().get(0);
      assertThat(phala.offChain()).isTrue();
      assertThat(phala.chainId()).isZero();
      assertThat(phala.rootKey().compressedHex0x()).isEqualTo("0x" + VECTOR.get("kms_root_public_key_compressed").asText());
      assertThat(page.items().get(1).rootKey()).isNull();
      assertThat(page.items().get(1).chainId()).isEqualTo(8453);

      cloud.enqueue(200, contract(1));
      assertThat(client.kms().contract("kc_base0002").contractAddress()).startsWith("0x2f83");
      cloud.takeApi("GET", "/kms/kc_base0002");
    }
  }

  @Test
  void provision_sendsKmsContractId() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_06_23)) {
      cloud.enqueueResource(200, "provision_2026-06-23.json");
      Provision p = client.cvms().provision(
          AppSpec.builder("my-secret-app", COMPOSE).kmsContractId("kc_phala01").build().toProvisionRequest());
      JsonNode body = tree(CloudServer.body(cloud.takeApi("POST", "/cvms/provision")));
      assertThat(body.get("kms_contract_id").asText()).isEqualTo("kc_phala01");
      assertThat(p.kmsContractId()).isEqualTo("kc_phala01");

      // The schema allows a number too (z.union([z.string(), z.number()])).
      cloud.enqueue(200, CloudServer.resource("provision_2026-06-23.json").replace("\"kc_phala01\"", "7"));
      assertThat(client.cvms().provision(AppSpec.builder("my-secret-app", COMPOSE).build().toProvisionRequest())
          .kmsContractId()).isEqualTo("7");
    }
  }

  @Test
  void statusBatch_2026_06_23_operationEventsResourceUsage() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_06_23)) {
      cloud.enqueueResource(200, "status_batch_2026-06-23.json");
      Map<String, CvmsApi.BatchStatus> all = client.cvms().statusBatch(List.of("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f"));
      cloud.takeApi("POST", "/status/batch");
      CvmsApi.BatchStatus s = all.get("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f");
      assertThat(s.operation()).isEqualTo(new CvmsApi.Operation("shutdown", "stopping", "2026-06-23T10:00:00Z", "corr-7"));
      assertThat(s.events()).singleElement().satisfies(e -> {
        assertThat(e.event()).isEqualTo("update");
        assertThat(e.timestamp()).isEqualTo(1750000000d);
      });
      assertThat(s.resourceUsage().cpuPercent()).isEqualTo(12.5);
      assertThat(s.resourceUsage().diskTotalBytes()).isEqualTo(2000L);
    }
  }

  @Test
  void statusBatch_2026_01_21_flatOperationFields_fillOperation() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_01_21)) {
      cloud.enqueue(200, "{\"u1\":{\"vm_uuid\":\"u1\",\"status\":\"running\",\"in_progress\":true,"
          + "\"operation_type\":\"update\",\"operation_started_at\":\"t0\",\"correlation_id\":\"c1\"}}");
      CvmsApi.BatchStatus s = client.cvms().statusBatch(List.of("u1")).get("u1");
      assertThat(s.operation()).isEqualTo(new CvmsApi.Operation("update", null, "t0", "c1"));
      assertThat(s.events()).isEmpty();
      assertThat(s.resourceUsage()).isNull();
    }
  }

  @Test
  void appAttestations_tcbIdentity_mrConfigId_numericChainId() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_06_23)) {
      cloud.enqueueResource(200, "app_attestations_2026-06-23.json");
      AppAttestation a = client.apps().attestations(AppId.fromHex("40c47977fd468f08e82021256be9d86877a176a2"));
      RecordedRequest r = cloud.take();
      assertThat(r.getTarget()).isEqualTo("/api/v1/apps/40c47977fd468f08e82021256be9d86877a176a2/attestations");
      assertThat(a.kmsInfo().chainId()).isEqualTo(8453L);
      AppAttestation.Instance i = a.instances().get(0);
      assertThat(i.fmspc()).isEqualTo("00806F050000");
      assertThat(i.pcesvn()).isEqualTo(13);
      assertThat(i.teeTcbSvn()).isEqualTo("06010300000000000000000000000000");
      assertThat(i.cpusvn()).isEqualTo("0b0b0303ffff00000000000000000000");
      assertThat(i.ppidSha256()).hasSize(64);
      // The served mr_config_id is the SDK's layout-3 vector: it checks against its inputs.
      MrConfigId.Inputs inputs = MrConfigId.Inputs.of(Bytes32.fromHex("22".repeat(32)),
              AppId.fromHex("11".repeat(20)), MrConfigId.KeyProviderKind.KMS, Hex.decode("k", "33".repeat(32)))
          .withInstanceId(Hex.decode("i", "44".repeat(20)));
      assertThat(MrConfigId.matches(Hex.decode("mr_config_id", i.mrConfigId()), inputs)).isTrue();
      AppAttestation.Instance stopped = a.instances().get(1);
      assertThat(stopped.fmspc()).isNull();
      assertThat(stopped.pcesvn()).isNull();
      assertThat(stopped.error()).isEqualTo("instance is not running");
    }
  }

  @Test
  void errors_topLevelStructuredBody_carriesCodeAndRequestId() {
    try (PhalaCloudClient client = client(ApiVersion.V2026_06_23)) {
      cloud.enqueue(400, "{\"error_code\":\"ERR-03-007\",\"message\":\"app id taken\",\"request_id\":\"req-top-1\","
          + "\"details\":[{\"field\":\"app_id\",\"value\":\"" + APP_ID + "\"}]}");
      assertThatThrownBy(() -> client.cvms().info(CvmId.of("my-secret-app")))
          .isInstanceOfSatisfying(PhalaCloudException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("ERR-03-007");
            assertThat(e.requestId()).isEqualTo("req-top-1");
            assertThat(e.getMessage()).contains("app id taken");
            assertThat(e.fieldDetails()).singleElement().extracting(CloudError.FieldDetail::field).isEqualTo("app_id");
          });

      // In the structured detail, it wins over the header; the header is the last resort.
      cloud.enqueue(new MockResponse.Builder().code(404).addHeader("X-Request-ID", "req-header")
          .body("{\"detail\":{\"error_code\":\"ERR-02-001\",\"message\":\"no such CVM\",\"request_id\":\"req-detail\"}}").build());
      assertThatThrownBy(() -> client.cvms().info(CvmId.of("my-secret-app")))
          .isInstanceOfSatisfying(CloudNotFoundException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("ERR-02-001");
            assertThat(e.requestId()).isEqualTo("req-detail");
          });
      cloud.enqueue(new MockResponse.Builder().code(404).addHeader("X-Request-ID", "req-header")
          .body("{\"detail\":\"CVM not found\",\"request_id\":\"req-body\"}").build());
      assertThatThrownBy(() -> client.cvms().info(CvmId.of("my-secret-app")))
          .isInstanceOfSatisfying(CloudNotFoundException.class, e -> assertThat(e.requestId()).isEqualTo("req-body"));
      cloud.enqueue(new MockResponse.Builder().code(404).addHeader("X-Request-ID", "req-header")
          .body("{\"detail\":\"CVM not found\"}").build());
      assertThatThrownBy(() -> client.cvms().info(CvmId.of("my-secret-app")))
          .isInstanceOfSatisfying(CloudNotFoundException.class, e -> assertThat(e.requestId()).isEqualTo("req-header"));
    }
  }

  @Test
  void plainHttp_withApiKey_refusedUnlessLoopbackOrOptIn() {
    assertThatThrownBy(() -> PhalaCloudClient.builder().environment(n -> null)
            .baseUrl("http://cloud-api.example.com/api/v1").apiKey(CloudServer.API_KEY).build())
        .isInstanceOfSatisfying(InsecureBaseUrlException.class, e -> {
          assertThat(e.host()).isEqualTo("cloud-api.example.com");
          assertThat(e.getMessage()).doesNotContain(CloudServer.API_KEY);
        });
    // Without a key there is nothing to leak; loopback and an explicit opt-in are allowed.
    PhalaCloudClient.builder().environment(n -> null).baseUrl("http://cloud-api.example.com/api/v1").build().close();
    PhalaCloudClient.builder().environment(n -> null).baseUrl("http://127.0.0.1:9/api/v1")
        .apiKey(CloudServer.API_KEY).build().close();
    PhalaCloudClient.builder().environment(n -> null).baseUrl("http://[::1]:9/api/v1")
        .apiKey(CloudServer.API_KEY).build().close();
    PhalaCloudClient.builder().environment(n -> null).baseUrl("http://cloud-api.example.com/api/v1")
        .apiKey(CloudServer.API_KEY).allowInsecureHttp(true).build().close();
    // The env var counts as a key too.
    assertThatThrownBy(() -> PhalaCloudClient.builder()
            .environment(n -> n.equals(PhalaCloudClient.API_KEY_ENV) ? CloudServer.API_KEY : null)
            .baseUrl("http://10.0.0.5/api/v1").build())
        .isInstanceOf(InsecureBaseUrlException.class);
  }

  @Test
  void malformedBaseUrl_isRefusedWithoutQuotingIt() {
    // A key in the path, and a space that makes the URL unparsable: the message must show neither.
    assertThatThrownBy(() -> PhalaCloudClient.builder().environment(n -> null)
            .baseUrl("https://user:pw@cloud.example.com/v2/SECRETKEY here").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("base URL must be an absolute http(s) URL: https://")
        .hasMessageNotContaining("SECRETKEY").hasMessageNotContaining("pw");
    assertThatThrownBy(() -> PhalaCloudClient.builder().environment(n -> null)
            .baseUrl("ftp://user:pw@cloud.example.com/v2/SECRETKEY").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("SECRETKEY").hasMessageNotContaining("pw");
  }
}

package io.phat4j.contracts.cloud;

import static io.phat4j.contracts.cloud.CvmsApiTest.APP_ID;
import static io.phat4j.contracts.cloud.CvmsApiTest.COMPOSE_HASH;
import static io.phat4j.contracts.cloud.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.crypto.EnvDecryptor;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.crypto.KmsSignatureException;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.crypto.X25519PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DeployFlowTest {
  private static final JsonNode VECTOR = tree(CloudServer.resource("env-pubkey-signature.json"));
  private static final Secp256k1PublicKey KMS_ROOT =
      Secp256k1PublicKey.fromHex(VECTOR.get("kms_root_public_key_compressed").asText());
  private static final String TOKEN = "tok-VERY-secret-1";
  private static final String DB_PASSWORD = "db-VERY-secret-2";
  private static final String COMPOSE = "services:\n  app:\n    image: nginx\n";

  private final CloudServer cloud = new CloudServer();
  private final PhalaCloudClient client = cloud.clientBuilder().build();
  private final List<DeployEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    client.close();
    cloud.close();
  }

  private AppSpec spec() {
    return AppSpec.builder("my-secret-app", COMPOSE)
        .env("API_TOKEN", TOKEN)
        .env("DB_PASSWORD", DB_PASSWORD)
        .build();
  }

  private DeployOptions.Builder options() {
    return DeployOptions.builder().listener(events::add);
  }

  private List<DeployEvent.Stage> stages() {
    return events.stream().map(DeployEvent::stage).toList();
  }

  private static MockResponse sse(String... data) {
    StringBuilder body = new StringBuilder();
    for (String d : data) {
      body.append("event: state\ndata: ").append(d).append("\n\n");
    }
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "text/event-stream")
        .body(body.toString())
        .build();
  }

  private void enqueueSignedKey() {
    cloud.enqueue(
        200,
        "{\"public_key\":\"" + VECTOR.get("env_public_key").asText() + "\",\"signature\":\""
            + VECTOR.get("signature_legacy").asText() + "\"}");
  }

  @Test
  void deploy_happyPathWithTrustedKms_verifiesEncryptsCommitsAndReportsProgress() {
    cloud.enqueueResource(200, "provision.json");
    enqueueSignedKey();
    cloud.enqueueResource(200, "vm.json");
    cloud.enqueue(
        sse(
            "{\"status\":\"starting\",\"boot_progress\":\"pulling images\"}",
            "{\"status\":\"running\",\"uptime\":\"3s\"}"));

    DeployResult result = client.deploy(spec(), options().trustedKmsKey(KMS_ROOT).build());

    Deployment d = result.deployment();
    assertThat(d.appId().hex()).isEqualTo(APP_ID);
    assertThat(d.composeHash().hex()).isEqualTo(COMPOSE_HASH);
    assertThat(d.cvmId()).isEqualTo(CvmId.of("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f"));
    assertThat(d.state().status()).isEqualTo(CvmStatus.RUNNING);
    assertThat(d.vm().name()).isEqualTo("my-secret-app");
    assertThat(stages())
        .containsExactly(
            DeployEvent.Stage.VALIDATED,
            DeployEvent.Stage.PROVISIONED,
            DeployEvent.Stage.KEY_VERIFIED,
            DeployEvent.Stage.ENV_ENCRYPTED,
            DeployEvent.Stage.COMMITTED,
            DeployEvent.Stage.STATE,
            DeployEvent.Stage.STATE,
            DeployEvent.Stage.RUNNING);
    assertThat(events.get(5).state().bootProgress()).isEqualTo("pulling images");

    cloud.takeApi("POST", "/cvms/provision");
    cloud.takeApi("GET", "/kms/phala/pubkey/" + APP_ID);
    RecordedRequest commit = cloud.takeApi("POST", "/cvms");
    JsonNode body = tree(CloudServer.body(commit));
    assertThat(body.get("app_id").asText()).isEqualTo(APP_ID);
    assertThat(body.get("compose_hash").asText()).isEqualTo(COMPOSE_HASH);
    assertThat(body.get("kms_id").asText()).isEqualTo("kms_1");
    assertThat(body.get("env_keys")).isEqualTo(tree("[\"API_TOKEN\",\"DB_PASSWORD\"]"));
    String plaintext =
        "{\"env\":[{\"key\":\"API_TOKEN\",\"value\":\"" + TOKEN + "\"},{\"key\":\"DB_PASSWORD\",\"value\":\""
            + DB_PASSWORD + "\"}]}";
    assertThat(body.get("encrypted_env").asText()).hasSize(2 * (32 + 12 + plaintext.length() + 16));
    assertThat(CloudServer.body(commit)).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD);
    cloud.takeApi("GET", "/cvms/8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f/state?target=running&interval=5&timeout=600");
    assertThat(events.toString()).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD);

    cloud.enqueueResource(200, "attestation.json");
    assertThat(d.attestation(client).tcbInfo().rtmr3()).isEqualTo("b3");
    cloud.takeApi("GET", "/cvms/8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f/attestation");
    cloud.enqueueResource(200, "app_attestations.json");
    assertThat(d.appAttestation(client).instances()).singleElement()
        .extracting(AppAttestation.Instance::status).isEqualTo(CvmStatus.RUNNING);
    cloud.takeApi("GET", "/apps/" + APP_ID + "/attestations");
  }

  @Test
  void deploy_noTrustedKms_encryptsToProvisionedKeySoTheAppCanDecrypt() {
    X25519PrivateKey appKey = X25519PrivateKey.generate();
    cloud.enqueue(
        200,
        "{\"app_id\":\"" + APP_ID + "\",\"compose_hash\":\"" + COMPOSE_HASH
            + "\",\"app_env_encrypt_pubkey\":\"" + appKey.publicKey().hex() + "\"}");
    cloud.enqueueResource(200, "vm.json");
    cloud.enqueue(sse("{\"status\":\"running\"}"));

    client.deploy(spec(), options().build());

    assertThat(stages()).contains(DeployEvent.Stage.KEY_UNVERIFIED).doesNotContain(DeployEvent.Stage.KEY_VERIFIED);
    cloud.take();
    String encrypted = tree(CloudServer.body(cloud.takeApi("POST", "/cvms"))).get("encrypted_env").asText();
    List<EnvVar> decrypted = EnvDecryptor.create(appKey).decrypt(encrypted);
    assertThat(decrypted)
        .containsExactly(EnvVar.of("API_TOKEN", TOKEN), EnvVar.of("DB_PASSWORD", DB_PASSWORD));
  }

  @Test
  void deploy_signatureFromOtherKms_failsClosedBeforeCommit() {
    cloud.enqueueResource(200, "provision.json");
    enqueueSignedKey();
    Secp256k1PublicKey other =
        Secp256k1PublicKey.fromHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");

    assertThatThrownBy(() -> client.deploy(spec(), options().trustedKmsKey(other).build()))
        .isInstanceOf(KmsSignatureException.class)
        .hasMessageContaining("not by the trusted KMS key");
    assertThat(cloud.requestCount()).isEqualTo(2);
    assertThat(stages()).doesNotContain(DeployEvent.Stage.ENV_ENCRYPTED, DeployEvent.Stage.COMMITTED);
  }

  @Test
  void deploy_kmsKeyDiffersFromProvisionedKey_failsClosed() {
    cloud.enqueue(
        200,
        "{\"app_id\":\"" + APP_ID + "\",\"compose_hash\":\"" + COMPOSE_HASH
            + "\",\"app_env_encrypt_pubkey\":\"" + X25519PrivateKey.generate().publicKey().hex()
            + "\",\"kms_info\":{\"slug\":\"phala\"}}");
    enqueueSignedKey();
    assertThatThrownBy(() -> client.deploy(spec(), options().trustedKmsKey(KMS_ROOT).build()))
        .isInstanceOf(KmsSignatureException.class)
        .hasMessageContaining("differs from the key the KMS signed");
    assertThat(cloud.requestCount()).isEqualTo(2);
  }

  @Test
  void deploy_trustedKmsButNoSignature_failsClosed() {
    cloud.enqueueResource(200, "provision.json");
    cloud.enqueue(200, "{\"public_key\":\"" + VECTOR.get("env_public_key").asText() + "\",\"signature\":null}");
    assertThatThrownBy(() -> client.deploy(spec(), options().trustedKmsKey(KMS_ROOT).build()))
        .isInstanceOf(KmsSignatureException.class)
        .hasMessageContaining("no signature");
  }

  @Test
  void deploy_sseBrokenMidStream_fallsBackToPollingWithoutSecondCommit() {
    cloud.enqueueResource(200, "provision.json");
    cloud.enqueueResource(200, "vm.json");
    String event = "event: state\ndata: {\"status\":\"starting\"}\n\n";
    cloud.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/event-stream")
            .body(event + event.replace("starting", "still-starting").repeat(40))
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    cloud.enqueue(200, "{\"status\":\"starting\",\"boot_progress\":\"almost\"}");
    cloud.enqueue(200, "{\"status\":\"running\"}");

    Deployment d = client.deploy(spec(), options().build()).deployment();

    assertThat(d.state().status()).isEqualTo(CvmStatus.RUNNING);
    // The stream delivered progress before it broke; then polling took over.
    assertThat(stages())
        .containsSubsequence(
            DeployEvent.Stage.COMMITTED,
            DeployEvent.Stage.STATE,
            DeployEvent.Stage.POLLING,
            DeployEvent.Stage.STATE,
            DeployEvent.Stage.STATE,
            DeployEvent.Stage.RUNNING);
    assertThat(events.stream().filter(e -> e.stage() == DeployEvent.Stage.POLLING).findFirst().orElseThrow().message())
        .contains("state stream broke");
    assertThat(stages().get(stages().size() - 1)).isEqualTo(DeployEvent.Stage.RUNNING);
    assertThat(cloud.time.sleeps).containsExactly(Duration.ofSeconds(5));
    List<RecordedRequest> requests = cloud.takeAll();
    assertThat(CloudServer.count(requests, "POST", "/cvms")).isEqualTo(1);
    assertThat(CloudServer.count(requests, "GET", "/cvms/8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f/state")).isEqualTo(3);
  }

  @Test
  void deploy_commitAnswerTimesOut_findsCreatedCvmAndNeverCommitsTwice() {
    try (PhalaCloudClient flaky = cloud.clientBuilder().readTimeout(Duration.ofMillis(300)).build()) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueue(
          new MockResponse.Builder()
              .code(200)
              .body(CloudServer.resource("vm.json"))
              .headersDelay(3, TimeUnit.SECONDS)
              .build());
      cloud.enqueueResource(200, "cvm_info.json");
      cloud.enqueue(sse("{\"status\":\"running\"}"));

      Deployment d = flaky.deploy(spec(), options().build()).deployment();

      assertThat(d.cvmId()).isEqualTo(CvmId.of("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f"));
      assertThat(d.vm()).isNull();
      assertThat(stages()).contains(DeployEvent.Stage.COMMIT_UNCERTAIN, DeployEvent.Stage.RUNNING);
      List<RecordedRequest> requests = cloud.takeAll();
      assertThat(CloudServer.count(requests, "POST", "/cvms")).isEqualTo(1);
      assertThat(CloudServer.count(requests, "GET", "/cvms/app_" + APP_ID)).isEqualTo(1);
    }
  }

  @Test
  void deploy_commitAnswerTimesOutAndNoCvmExists_commitsOnceMore() {
    try (PhalaCloudClient flaky = cloud.clientBuilder().readTimeout(Duration.ofMillis(300)).build()) {
      cloud.enqueueResource(200, "provision.json");
      cloud.enqueue(
          new MockResponse.Builder()
              .code(200)
              .body(CloudServer.resource("vm.json"))
              .headersDelay(3, TimeUnit.SECONDS)
              .build());
      cloud.enqueue(404, "{\"detail\":\"CVM not found\"}");
      cloud.enqueueResource(200, "vm.json");
      cloud.enqueue(sse("{\"status\":\"running\"}"));

      flaky.deploy(spec(), options().build());

      List<RecordedRequest> requests = cloud.takeAll();
      assertThat(CloudServer.count(requests, "POST", "/cvms")).isEqualTo(2);
    }
  }

  @Test
  void deploy_429WithRetryAfter_waitsAsToldThenProceeds() {
    cloud.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "2").body("{\"detail\":\"slow down\"}").build());
    cloud.enqueueResource(200, "provision.json");
    cloud.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "7").body("{\"detail\":\"slow down\"}").build());
    cloud.enqueueResource(200, "vm.json");
    cloud.enqueue(sse("{\"status\":\"running\"}"));

    client.deploy(spec(), options().build());

    assertThat(cloud.time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(7));
    assertThat(stages()).contains(DeployEvent.Stage.THROTTLED);
    List<RecordedRequest> requests = cloud.takeAll();
    assertThat(CloudServer.count(requests, "POST", "/cvms/provision")).isEqualTo(2);
    assertThat(CloudServer.count(requests, "POST", "/cvms")).isEqualTo(2);
  }

  @Test
  void deploy_bootErrorOnStream_throwsBootErrorWithCvmId() {
    cloud.enqueueResource(200, "provision.json");
    cloud.enqueueResource(200, "vm.json");
    cloud.enqueue(
        sse(
            "{\"status\":\"starting\"}",
            "{\"status\":\"error\",\"boot_error\":\"image pull failed: nginx:nope\"}"));

    assertThatThrownBy(() -> client.deploy(spec(), options().build()))
        .isInstanceOfSatisfying(
            DeploymentFailedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DeploymentFailedException.Reason.BOOT_ERROR);
              assertThat(e.cvmId()).isEqualTo("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f");
              assertThat(e.lastState().bootError()).contains("image pull failed");
            })
        .hasMessageContaining("CVM failed to boot: image pull failed: nginx:nope");
    assertThat(cloud.requestCount()).isEqualTo(3);
  }

  @Test
  void deploy_neverRunning_timesOutAtDeadline() {
    cloud.enqueueResource(200, "provision.json");
    cloud.enqueueResource(200, "vm.json");
    cloud.enqueue(404, "{\"detail\":\"Not Found\"}");
    for (int i = 0; i < 4; i++) {
      cloud.enqueue(200, "{\"status\":\"starting\"}");
    }

    assertThatThrownBy(
            () -> client.deploy(spec(), options().timeout(Duration.ofSeconds(12)).build()))
        .isInstanceOfSatisfying(
            DeploymentFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(DeploymentFailedException.Reason.TIMEOUT))
        .hasMessageContaining("did not reach running within PT12S");
    assertThat(cloud.time.sleeps)
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(2));
  }

  @Test
  void deploy_465OnCommit_pendingThenConfirmCommitsAgainAndRuns() {
    cloud.enqueueResource(200, "provision.json");
    cloud.enqueue(465, CvmsApiTest.REGISTRATION_465);

    DeployResult result = client.deploy(spec(), options().build());

    assertThat(result).isInstanceOf(DeployResult.Pending.class);
    DeployResult.Pending pending = (DeployResult.Pending) result;
    CvmsApiTest.assertRegistration(pending.registration());
    assertThat(pending.commit().composeHash()).isEqualTo(COMPOSE_HASH);
    assertThat(stages()).endsWith(DeployEvent.Stage.REGISTRATION_REQUIRED);
    assertThatThrownBy(result::deployment)
        .isInstanceOf(RegistrationPendingException.class)
        .hasMessageContaining("must be registered on chain");
    cloud.take();
    String firstCommit = CloudServer.body(cloud.takeApi("POST", "/cvms"));

    cloud.enqueueResource(200, "vm.json");
    cloud.enqueue(sse("{\"status\":\"running\"}"));
    Deployment d = client.confirm(pending, options().build()).deployment();
    assertThat(d.state().status()).isEqualTo(CvmStatus.RUNNING);
    assertThat(CloudServer.body(cloud.takeApi("POST", "/cvms"))).isEqualTo(firstCommit);
  }

  @Test
  void deploy_invalidSpec_noRequestSent() {
    assertThatThrownBy(() -> AppSpec.builder("bad", COMPOSE).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("5 to 63");
    assertThatThrownBy(
            () -> AppSpec.builder("my-secret-app", "x".repeat(AppSpec.MAX_COMPOSE_PAYLOAD_BYTES - 3))
                .preLaunchScript("abcd")
                .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("more than the limit of 204800");
    assertThatThrownBy(
            () -> AppSpec.builder("my-secret-app", COMPOSE)
                .env("API_TOKEN", TOKEN)
                .allowedEnvs(List.of("OTHER"))
                .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("env var API_TOKEN is not in allowed_envs [OTHER]");
    assertThatThrownBy(() -> AppSpec.builder("my-secret-app", COMPOSE).env("EMPTY", "").build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("env var EMPTY has an empty value");
    assertThatThrownBy(() -> AppSpec.builder("my-secret-app", COMPOSE).envFile("# nothing\n\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("env file holds no variables");
    assertThatThrownBy(
            () -> AppSpec.builder("my-secret-app", COMPOSE).envFile("A=1\nnot a pair " + TOKEN + "\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 2 is not KEY=VALUE")
        .hasMessageNotContaining(TOKEN);
    assertThatThrownBy(() -> AppSpec.builder("my-secret-app", COMPOSE).env("A", "1").env("A", "2"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("given twice");
    assertThat(cloud.requestCount()).isZero();
  }

  @Test
  void appSpec_envFile_parsesAndHidesValues() {
    AppSpec spec =
        AppSpec.builder("my-secret-app", COMPOSE)
            .envFile("# comment\nexport API_TOKEN=\"" + TOKEN + "\"\r\nDB_PASSWORD='" + DB_PASSWORD + "'\n")
            .build();
    assertThat(spec.env())
        .containsExactly(EnvVar.of("API_TOKEN", TOKEN), EnvVar.of("DB_PASSWORD", DB_PASSWORD));
    assertThat(spec.allowedEnvs()).containsExactly("API_TOKEN", "DB_PASSWORD");
    assertThat(spec.toString()).contains("API_TOKEN").doesNotContain(TOKEN).doesNotContain(DB_PASSWORD);
  }

  @Test
  void update_existingCvm_provisionsPatchesAndWaitsForNewHash() {
    X25519PrivateKey appKey = X25519PrivateKey.generate();
    String newHash = "1111111111111111111111111111111111111111111111111111111111111111";
    String info = CloudServer.resource("cvm_info.json").replace("a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209", appKey.publicKey().hex());
    cloud.enqueueResource(200, "compose_file.json");
    cloud.enqueue(200, "{\"app_id\":\"" + APP_ID + "\",\"compose_hash\":\"" + newHash + "\",\"device_id\":\"d\"}");
    cloud.enqueue(200, info);
    cloud.enqueue(200, "{\"status\":\"in_progress\",\"correlation_id\":\"c\"}");
    cloud.enqueue(sse("{\"status\":\"running\"}", "{\"status\":\"restarting\"}", "{\"status\":\"running\"}"));
    cloud.enqueue(200, info);
    cloud.enqueue(200, info.replace(COMPOSE_HASH, newHash));
    cloud.enqueue(200, info.replace(COMPOSE_HASH, newHash));

    CvmId cvm = CvmId.of("my-secret-app");
    Deployment d = client.update(cvm, spec(), options().build()).deployment();

    assertThat(d.composeHash().hex()).isEqualTo(newHash);
    assertThat(d.appId().hex()).isEqualTo(APP_ID);
    cloud.takeApi("GET", "/cvms/my-secret-app/compose_file");
    JsonNode provision = tree(CloudServer.body(cloud.takeApi("POST", "/cvms/my-secret-app/compose_file/provision")));
    assertThat(provision.get("docker_compose_file").asText()).isEqualTo(COMPOSE);
    assertThat(provision.get("allowed_envs")).isEqualTo(tree("[\"API_TOKEN\",\"DB_PASSWORD\"]"));
    assertThat(provision.get("salt").asText()).isEqualTo("5eed");
    assertThat(provision.has("pre_launch_script")).isFalse();
    cloud.takeApi("GET", "/cvms/my-secret-app");
    JsonNode patch = tree(CloudServer.body(cloud.takeApi("PATCH", "/cvms/my-secret-app/compose_file")));
    assertThat(patch.get("compose_hash").asText()).isEqualTo(newHash);
    assertThat(patch.get("update_env_vars").asBoolean()).isTrue();
    assertThat(EnvDecryptor.create(appKey).decrypt(patch.get("encrypted_env").asText()))
        .containsExactly(EnvVar.of("API_TOKEN", TOKEN), EnvVar.of("DB_PASSWORD", DB_PASSWORD));
    assertThat(events.stream().filter(e -> e.stage() == DeployEvent.Stage.STATE).count()).isEqualTo(3);
  }

  @Test
  void update_465OnCommit_pendingThenConfirmPatchesAgain() {
    String newHash = "2222222222222222222222222222222222222222222222222222222222222222";
    cloud.enqueueResource(200, "compose_file.json");
    cloud.enqueue(200, "{\"app_id\":\"" + APP_ID + "\",\"compose_hash\":\"" + newHash + "\"}");
    cloud.enqueue(465, CvmsApiTest.REGISTRATION_465);

    DeployResult result =
        client.update(CvmId.of("my-secret-app"), AppSpec.builder("my-secret-app", COMPOSE).build(), options().build());

    DeployResult.Pending pending = (DeployResult.Pending) result;
    CvmsApiTest.assertRegistration(pending.registration());
    assertThat(pending.cvm()).isEqualTo(CvmId.of("my-secret-app"));
    assertThat(pending.update()).isEqualTo(new ComposeUpdateCommit(newHash, null, null, null));

    String info = CloudServer.resource("cvm_info.json").replace(COMPOSE_HASH, newHash);
    cloud.enqueue(new MockResponse.Builder().code(202).build());
    cloud.enqueue(sse("{\"status\":\"running\"}"));
    cloud.enqueue(200, info);
    cloud.enqueue(200, info);
    Deployment d = client.confirm(pending, options().build()).deployment();
    assertThat(d.composeHash().hex()).isEqualTo(newHash);
    List<RecordedRequest> requests = cloud.takeAll();
    assertThat(CloudServer.count(requests, "PATCH", "/cvms/my-secret-app/compose_file")).isEqualTo(2);
  }

  @Test
  void deployOnChain_contractApp_fetchesVerifiedKeyCommitsWithContractThen465AndConfirm() {
    cloud.enqueue(
        200,
        "{\"app_id\":null,\"compose_hash\":\"" + COMPOSE_HASH + "\",\"device_id\":\"1d2c3b4a\","
            + "\"kms_info\":{\"id\":\"kms_base\",\"slug\":\"base\",\"chain_id\":8453},\"kms_id\":\"kms_base\"}");
    enqueueSignedKey();
    cloud.enqueue(465, CvmsApiTest.REGISTRATION_465);
    OnChainApp app = new OnChainApp(io.phat4j.core.AppId.fromHex(APP_ID), "0x00000000000000000000000000000000000000d1");
    AppSpec spec =
        AppSpec.builder("my-secret-app", COMPOSE).env("API_TOKEN", TOKEN).kms("BASE").build();

    DeployResult result = client.deployOnChain(spec, app, options().trustedKmsKey(KMS_ROOT).build());

    DeployResult.Pending pending = (DeployResult.Pending) result;
    assertThat(pending.registration().composeHash()).isEqualTo(COMPOSE_HASH);
    assertThat(tree(CloudServer.body(cloud.takeApi("POST", "/cvms/provision"))).get("kms").asText()).isEqualTo("BASE");
    cloud.takeApi("GET", "/kms/base/pubkey/" + APP_ID);
    JsonNode commit = tree(CloudServer.body(cloud.takeApi("POST", "/cvms")));
    assertThat(commit.get("app_id").asText()).isEqualTo(APP_ID);
    assertThat(commit.get("contract_address").asText()).isEqualTo("0x" + APP_ID);
    assertThat(commit.get("deployer_address").asText()).isEqualTo("0x00000000000000000000000000000000000000d1");
    assertThat(commit.get("kms_id").asText()).isEqualTo("kms_base");
    assertThat(stages()).contains(DeployEvent.Stage.KEY_VERIFIED, DeployEvent.Stage.REGISTRATION_REQUIRED);

    cloud.enqueueResource(200, "vm.json");
    cloud.enqueue(sse("{\"status\":\"running\"}"));
    assertThat(client.confirm(pending, options().build()).deployment().appId().hex()).isEqualTo(APP_ID);
    assertThat(tree(CloudServer.body(cloud.takeApi("POST", "/cvms")))).isEqualTo(commit);
  }

  @Test
  void deploy_noAppIdAndNoContract_explainsOnChainPath() {
    cloud.enqueue(200, "{\"app_id\":null,\"compose_hash\":\"" + COMPOSE_HASH + "\"}");
    assertThatThrownBy(() -> client.deploy(spec(), options().build()))
        .isInstanceOf(io.phat4j.core.DecodeException.class)
        .hasMessageContaining("deployOnChain");
    assertThat(cloud.requestCount()).isEqualTo(1);
  }

  @Test
  void update_composeOnly_keepsAllowedEnvsAndSendsNoEnv() {
    String newHash = "3333333333333333333333333333333333333333333333333333333333333333";
    String info = CloudServer.resource("cvm_info.json").replace(COMPOSE_HASH, newHash);
    cloud.enqueueResource(200, "compose_file.json");
    cloud.enqueue(200, "{\"app_id\":\"" + APP_ID + "\",\"compose_hash\":\"" + newHash + "\"}");
    cloud.enqueue(200, "{\"status\":\"in_progress\"}");
    cloud.enqueue(sse("{\"status\":\"running\"}"));
    cloud.enqueue(200, info);
    cloud.enqueue(200, info);

    client.update(CvmId.of("my-secret-app"), AppSpec.builder("my-secret-app", COMPOSE).build(), options().build());

    cloud.take();
    JsonNode provision = tree(CloudServer.body(cloud.takeApi("POST", "/cvms/my-secret-app/compose_file/provision")));
    assertThat(provision.get("allowed_envs")).isEqualTo(tree("[\"API_TOKEN\"]"));
    assertThat(provision.has("update_env_vars")).isFalse();
    JsonNode patch = tree(CloudServer.body(cloud.takeApi("PATCH", "/cvms/my-secret-app/compose_file")));
    assertThat(patch).isEqualTo(tree("{\"compose_hash\":\"" + newHash + "\"}"));
  }
}

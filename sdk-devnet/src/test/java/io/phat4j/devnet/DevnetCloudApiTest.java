package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.contracts.cloud.AppAttestation;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.CloudAuthException;
import io.phat4j.contracts.cloud.CloudConflictException;
import io.phat4j.contracts.cloud.CloudErrorCode;
import io.phat4j.contracts.cloud.CloudNotFoundException;
import io.phat4j.contracts.cloud.CloudValidationException;
import io.phat4j.contracts.cloud.CommitRequest;
import io.phat4j.contracts.cloud.ComposeFileSpec;
import io.phat4j.contracts.cloud.CvmAttestation;
import io.phat4j.contracts.cloud.CvmId;
import io.phat4j.contracts.cloud.CvmInfo;
import io.phat4j.contracts.cloud.CvmStatus;
import io.phat4j.contracts.cloud.DeployEvent;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.EnvEncryptPublicKey;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.contracts.cloud.PhalaCloudException;
import io.phat4j.contracts.cloud.ProvisionRequest;
import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.EnvKeySignatureVerifier;
import io.phat4j.core.crypto.X25519PublicKey;
import io.phat4j.core.dstack.ComposeHash;
import io.phat4j.core.dstack.EventLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deployment API driven through the public PhalaCloudClient only. */
@Timeout(120)
class DevnetCloudApiTest {
  private static final String COMPOSE = "services:\n  oracle:\n    image: example/oracle:1\n";
  private static Devnet devnet;
  private static PhalaCloudClient cloud;

  @BeforeAll
  static void start() {
    devnet = Devnet.builder().chain(false).bootStep(Duration.ofMillis(20)).start();
    cloud = devnet.cloudClient();
  }

  @AfterAll
  static void stop() {
    cloud.close();
    devnet.close();
  }

  private static Deployment deploy(String name, List<DeployEvent> events) {
    AppSpec app = AppSpec.builder(name, COMPOSE)
        .env("API_TOKEN", "tok-secret-1")
        .env("DB_PASSWORD", "pw-secret-2")
        .build();
    return cloud.deploy(app, DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).listener(events::add).build())
        .deployment();
  }

  @Test
  void deploy_verifiesTheEnvKey_streamsProgress_andTheEnclaveGetsTheSecrets() {
    List<DeployEvent> events = new CopyOnWriteArrayList<>();
    Deployment d = deploy("oracle-deploy", events);

    assertThat(d.state().status()).isEqualTo(CvmStatus.RUNNING);
    assertThat(events).extracting(DeployEvent::stage).contains(DeployEvent.Stage.KEY_VERIFIED,
        DeployEvent.Stage.ENV_ENCRYPTED, DeployEvent.Stage.COMMITTED, DeployEvent.Stage.RUNNING);
    assertThat(events).anySatisfy(e -> assertThat(e.state() == null ? null : e.state().bootProgress())
        .isEqualTo("pulling images"));
    DevnetCvm cvm = devnet.cvm(d.appId());
    assertThat(cvm.envNames()).containsExactlyInAnyOrder("API_TOKEN", "DB_PASSWORD");
    assertThat(cvm.composeHash().hex()).isEqualTo(d.composeHash().hex());
    // The app id is the first 20 bytes of the compose hash of the exact app-compose text.
    CvmInfo info = cloud.cvms().info(d.cvmId());
    assertThat(ComposeHash.of(attestationCompose(d).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex())
        .isEqualTo(d.composeHash().hex());
    assertThat(cloud.cvms().composeFile(d.cvmId()).allowedEnvs()).containsExactlyInAnyOrder("API_TOKEN", "DB_PASSWORD");
    assertThat(d.appId().hex()).isEqualTo(d.composeHash().hex().substring(0, 40));
    assertThat(info.status()).isEqualTo(CvmStatus.RUNNING);
    assertThat(info.kmsInfo().encryptedEnvPubkey()).isNotBlank();
    assertThat(cloud.cvms().list(1, 50).items()).extracting(CvmInfo::appId).contains(d.appId().hex());
  }

  private static String attestationCompose(Deployment d) {
    return cloud.cvms().attestation(d.cvmId()).tcbInfo().appCompose();
  }

  @Test
  void lifecycle_stopStartRestartDelete() {
    Deployment d = deploy("oracle-lifecycle", new CopyOnWriteArrayList<>());
    CvmId id = d.cvmId();

    assertThat(cloud.cvms().stop(id).status().raw()).isEqualTo("stopped");
    assertThat(cloud.cvms().state(id).status().raw()).isEqualTo("stopped");
    assertThat(cloud.cvms().attestation(id).isOnline()).isFalse();

    cloud.cvms().start(id);
    var running = cloud.cvms().watchState(id, "running", Duration.ofSeconds(5), Duration.ofSeconds(30),
        s -> s.status().is(CvmStatus.Kind.RUNNING));
    assertThat(running).isNotNull();
    assertThat(cloud.cvms().attestation(id).isOnline()).isTrue();

    cloud.cvms().restart(id, false);
    var again = cloud.cvms().watchState(id, "running", Duration.ofSeconds(5), Duration.ofSeconds(30),
        s -> s.status().is(CvmStatus.Kind.RUNNING));
    assertThat(again).isNotNull();

    cloud.cvms().delete(id);
    assertThatThrownBy(() -> cloud.cvms().info(id)).isInstanceOfSatisfying(CloudNotFoundException.class,
        e -> assertThat(e.code()).isEqualTo(CloudErrorCode.CVM_NOT_FOUND));
  }

  @Test
  void attestation_quoteVerifiesUnderTheDevnetRoot_andItsEventLogReplaysToItsRtmrs() {
    Deployment d = deploy("oracle-attest", new CopyOnWriteArrayList<>());
    CvmAttestation att = cloud.cvms().attestation(d.cvmId());
    byte[] quote = Hex.decode("quote", att.appCertificates().get(0).quote());
    EventLog log = EventLog.parse(eventLogJson(att.tcbInfo()));
    try (PcsCollateralClient pccs = devnet.collateralClient()) {
      TdReport td = (TdReport) QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build().verify(quote, pccs).report();
      assertThat(td.rtmr(3)).isEqualTo(log.replay().rtmr3());
      assertThat(td.rtmr(3).hex()).isEqualTo(att.tcbInfo().rtmr3());
    }
    assertThat(log.runtimeEvents().composeHash().hex()).isEqualTo(d.composeHash().hex());
    assertThat(ComposeHash.of(att.tcbInfo().appCompose().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex())
        .isEqualTo(d.composeHash().hex());

    // The app attestations endpoint is public: a client without an API key reads it.
    try (PhalaCloudClient anonymous = PhalaCloudClient.builder().baseUrl(devnet.cloudApiUrl().toString())
        .environment(name -> null).build()) {
      AppAttestation app = anonymous.apps().attestations(d.appId());
      assertThat(app.instances()).hasSize(1);
      assertThat(app.instances().get(0).quote()).isNotBlank();
      assertThatThrownBy(() -> anonymous.cvms().info(d.cvmId())).isInstanceOf(CloudAuthException.class);
    }
  }

  private static String eventLogJson(CvmAttestation.TcbInfo tcb) {
    var array = io.phat4j.core.json.PhalaJson.newMapper().createArrayNode();
    for (var e : tcb.eventLog()) {
      array.addObject().put("imr", e.imr()).put("event_type", e.eventType()).put("digest", e.digest())
          .put("event", e.event()).put("event_payload", e.eventPayload());
    }
    return array.toString();
  }

  @Test
  void kmsPubkey_isSignedLegacyByTheKmsRoot() {
    AppId appId = AppId.fromHex("ea549f02e1a25fabd1cb788380e033ec5461b2ff");
    EnvEncryptPublicKey key = cloud.kms().envEncryptPublicKey("phala", appId);
    var recovered = EnvKeySignatureVerifier.builder().trustedKmsKey(devnet.kmsRootKey()).build()
        .verifyLegacy(appId, X25519PublicKey.fromHex("public_key", key.publicKey()),
            Hex.decode("signature", key.signature()));
    assertThat(recovered).isEqualTo(devnet.kmsRootKey());
    assertThatThrownBy(() -> cloud.kms().envEncryptPublicKey("no-such-kms", appId))
        .isInstanceOfSatisfying(CloudNotFoundException.class, e -> assertThat(e.code()).isEqualTo(CloudErrorCode.KMS_NOT_FOUND));
  }

  @Test
  void badInput_getsTheCloudsErrorShapes() {
    ComposeFileSpec compose = new ComposeFileSpec(COMPOSE, null, List.of(), "x", true, null, null, null, null);
    assertThatThrownBy(() -> cloud.cvms().provision(request("9-starts-with-a-digit", compose)))
        .isInstanceOfSatisfying(CloudValidationException.class, e -> assertThat(e.error().validationIssues())
            .anySatisfy(i -> assertThat(i.location()).containsExactly("body", "name")));

    cloud.cvms().provision(request("taken-name", compose));
    deploy("taken-name", new CopyOnWriteArrayList<>());
    assertThatThrownBy(() -> cloud.cvms().provision(request("taken-name", compose)))
        .isInstanceOfSatisfying(CloudConflictException.class, e -> assertThat(e.code()).isEqualTo(CloudErrorCode.DUPLICATE_CVM_NAME));

    CommitRequest unknown = new CommitRequest("ea549f02e1a25fabd1cb788380e033ec5461b2ff",
        "11".repeat(32), null, null, null, null, List.of());
    assertThatThrownBy(() -> cloud.cvms().commit(unknown))
        .isInstanceOfSatisfying(PhalaCloudException.class, e -> {
          assertThat(e.code()).isEqualTo(CloudErrorCode.HASH_INVALID_OR_EXPIRED);
          assertThat(e.error().status()).isEqualTo(400);
        });

    assertThatThrownBy(() -> cloud.cvms().info(CvmId.ofName("nobody-here")))
        .isInstanceOfSatisfying(CloudNotFoundException.class, e -> assertThat(e.code()).isEqualTo(CloudErrorCode.CVM_NOT_FOUND));

    try (PhalaCloudClient wrongKey = PhalaCloudClient.builder().baseUrl(devnet.cloudApiUrl().toString())
        .apiKey("phak_wrong").build()) {
      assertThatThrownBy(() -> wrongKey.cvms().list(1, 10)).isInstanceOf(CloudAuthException.class);
    }
  }

  private static ProvisionRequest request(String name, ComposeFileSpec compose) {
    return new ProvisionRequest(name, null, null, "tdx.small", null, compose, null, null, null, null, List.of(), null, null, null);
  }
}

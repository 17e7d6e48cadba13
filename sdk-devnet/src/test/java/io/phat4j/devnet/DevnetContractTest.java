package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.contracts.cloud.CommitRequest;
import io.phat4j.contracts.cloud.ComposeFileSpec;
import io.phat4j.contracts.cloud.CvmStatus;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.contracts.cloud.Provision;
import io.phat4j.contracts.cloud.ProvisionRequest;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.core.AppId;
import io.phat4j.core.crypto.EnvEncryptor;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.crypto.X25519PublicKey;
import io.phat4j.core.dstack.guest.DerivedKey;
import io.phat4j.core.dstack.guest.GuestInfo;
import io.phat4j.core.dstack.guest.GuestQuote;
import io.phat4j.core.dstack.guest.KeyAlgorithm;
import io.phat4j.core.dstack.guest.SignAlgorithm;
import io.phat4j.core.dstack.guest.SignResult;
import io.phat4j.core.dstack.guest.SignatureChainVerifier;
import io.phat4j.core.dstack.guest.VerifiedKeyChain;
import io.phat4j.core.offchain.ContractContext;
import io.phat4j.core.offchain.OffchainContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An off-chain contract bound to an image runs in process and talks to its enclave through DstackGuestClient. */
@Timeout(120)
class DevnetContractTest {
  private static final BlockingQueue<Report> REPORTS = new LinkedBlockingQueue<>();
  private static Devnet devnet;
  private static PhalaCloudClient cloud;

  /** What the in-enclave side saw and produced. */
  record Report(Set<String> envNames, String apiToken, DerivedKey key, GuestQuote quote, GuestInfo info,
      SignResult signature, byte[] signedData, boolean stoppedCleanly) {}

  /** The contract under test: derives a key, binds it into a quote, signs, and waits to be stopped. */
  static final class AttestorContract implements OffchainContract {
    @Override
    public void run(ContractContext ctx) throws InterruptedException {
      DerivedKey key = ctx.guest().getKey("attestor", "result-signing", KeyAlgorithm.SECP256K1);
      byte[] reportData = Arrays.copyOf(key.publicKey(), 64);
      GuestQuote quote = ctx.guest().getQuote(reportData);
      GuestInfo info = ctx.guest().info();
      byte[] data = "result #1".getBytes(StandardCharsets.UTF_8);
      SignResult sig = ctx.guest().sign(SignAlgorithm.SECP256K1, data);
      String token = ctx.env("API_TOKEN") == null ? "" : ctx.env("API_TOKEN").reveal();
      Report partial = new Report(ctx.envNames(), token, key, quote, info, sig, data, false);
      REPORTS.add(partial);
      boolean stopped = ctx.awaitStop(Duration.ofMinutes(2));
      REPORTS.add(new Report(ctx.envNames(), token, key, quote, info, sig, data, stopped));
    }
  }

  @BeforeAll
  static void start() {
    devnet = Devnet.builder().chain(false)
        .bootStep(Duration.ofMillis(10))
        .contract("example/attestor", AttestorContract::new)
        .start();
    cloud = devnet.cloudClient();
  }

  @AfterAll
  static void stop() {
    cloud.close();
    devnet.close();
  }

  @Test
  void boundContract_runsWithOnlyAllowedEnv_andItsKeyQuoteAndSignatureVerify() throws Exception {
    String compose = "services:\n  attestor:\n    image: example/attestor:2.0\n";
    ComposeFileSpec spec = new ComposeFileSpec(compose, null, List.of("API_TOKEN"), "attestor", true, null, null, null, null);
    Provision p = cloud.cvms().provision(new ProvisionRequest("attestor-app", null, null, null, null, spec, null,
        null, null, null, List.of(), null, null, null));
    // The env carries a name the compose does not allow; the enclave must drop it.
    String env = EnvEncryptor.create(X25519PublicKey.fromHex("key", p.appEnvEncryptPubkey()))
        .encrypt(List.of(EnvVar.of("API_TOKEN", "tok-123"), EnvVar.of("SNEAKY", "x"))).hex();
    cloud.cvms().commit(new CommitRequest(p.appId(), p.composeHash(), env, p.kmsId(), null, null, List.of("API_TOKEN")));
    AppId appId = AppId.fromHex(p.appId());

    Report r = REPORTS.poll(60, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    assertThat(r.envNames()).containsExactly("API_TOKEN");
    assertThat(r.apiToken()).isEqualTo("tok-123");

    SignatureChainVerifier chains = SignatureChainVerifier.trusting(devnet.kmsRootKey());
    VerifiedKeyChain keyChain = chains.verify(r.key(), appId);
    assertThat(keyChain.kmsRootKey()).isEqualTo(devnet.kmsRootKey());
    chains.verify(r.signature(), r.signedData(), appId);
    AppId otherApp = AppId.fromHex("ea549f02e1a25fabd1cb788380e033ec5461b2ff");
    assertThatThrownBy(() -> chains.verify(r.key(), otherApp)).isInstanceOf(io.phat4j.core.dstack.guest.SignatureChainException.class);

    try (PcsCollateralClient pccs = devnet.collateralClient()) {
      VerifiedQuote q = QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build().verify(r.quote().quote(), pccs);
      TdReport td = (TdReport) q.report();
      assertThat(Arrays.copyOf(td.reportData(), 33)).isEqualTo(r.key().publicKey());
      assertThat(td.rtmr(3)).isEqualTo(r.quote().eventLog().replay().rtmr3());
      assertThat(r.info().tcbInfo().mrtd()).isEqualTo(td.mrTd());
    }
    assertThat(r.info().appId()).isEqualTo(appId);
    assertThat(r.info().composeHash().hex()).isEqualTo(p.composeHash());
    assertThat(r.info().keyProvider().id()).isEqualTo(io.phat4j.core.Hex.encode(devnet.kmsRootKey().compressed()));

    // Stopping the CVM stops the contract.
    cloud.cvms().stop(io.phat4j.contracts.cloud.CvmId.ofAppId(appId));
    Report last = REPORTS.poll(30, TimeUnit.SECONDS);
    assertThat(last).isNotNull();
    assertThat(last.stoppedCleanly()).isTrue();
    assertThat(devnet.cvm(appId).appFailure()).isNull();
  }

  @Test
  void unboundImage_deploysAndRunsWithoutAnApp() {
    Deployment d = cloud.deploy(AppSpec.builder("plain-app", "services:\n  web:\n    image: nginx:1.27\n").build(),
        DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build()).deployment();
    assertThat(d.state().status()).isEqualTo(CvmStatus.RUNNING);
    assertThat(devnet.cvm(d.appId()).envNames()).isEmpty();
  }
}

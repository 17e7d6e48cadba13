package io.phat4j.examples.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployEvent;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.DeployResult;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.OnChainApp;
import io.phat4j.contracts.cloud.CvmAttestation;
import io.phat4j.contracts.cloud.CvmId;
import io.phat4j.contracts.cloud.CvmState;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.contracts.kms.DstackApp;
import io.phat4j.contracts.kms.DstackKms;
import io.phat4j.contracts.rollup.ResultReceived;
import io.phat4j.contracts.rollup.RollupAction;
import io.phat4j.contracts.rollup.RollupActionType;
import io.phat4j.contracts.rollup.RollupAnchorReader;
import io.phat4j.contracts.rollup.RollupBatch;
import io.phat4j.contracts.rollup.RollupCommit;
import io.phat4j.contracts.rollup.RollupResult;
import io.phat4j.contracts.rollup.RollupSubmitter;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.crypto.InputSealer;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.EventLogEntry;
import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.dstack.guest.VmConfig;
import io.phat4j.devnet.Devnet;
import io.phat4j.devnet.OsImage;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Hash;

/**
 * The quickstart's story, from an empty machine to a verified result. {@link Main} runs it; tests
 * run it too, once per {@link Tamper} mode.
 */
public final class Quickstart {
  /** The last line of a verified run starts with this. */
  public static final String VERIFIED = "RESULT VERIFIED: ";

  /** The last line of a rejected run starts with this. */
  public static final String REJECTED = "REJECTED: ";

  static final String APP_NAME = "private-scoring";
  static final String COMPOSE = """
      services:
        scoring:
          image: %s:1.0.0
          environment:
            - %s
            - %s
            - %s
            - CHAIN_RPC_URL
          volumes:
            - /var/run/dstack.sock:/var/run/dstack.sock
      """.formatted(PrivateScoring.IMAGE, PrivateScoring.WEIGHTS_ENV, PrivateScoring.CUTOFF_ENV,
      PrivateScoring.ANCHOR_ENV);

  /** The applicant's data: the consumer's private input, never on chain in the clear. */
  static final String APPLICANT = "{\"income_k\":84,\"debt_ratio\":0.31,\"late_payments\":1,\"years_of_history\":9}";

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper SNAKE = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final Tamper tamper;
  private final Narrator say;

  /**
   * The end of a run.
   *
   * @param report every link's outcome
   * @param requestId the request answered
   * @param resultHash keccak256 of the result as read
   * @param lastLine the line the program ends with
   */
  public record Verdict(VerificationReport report, long requestId, Bytes32 resultHash, String lastLine) {
    /**
     * Tells whether every link held.
     *
     * @return true for {@code RESULT VERIFIED}
     */
    public boolean verified() {
      return report.verified();
    }
  }

  /**
   * Prepares a run.
   *
   * @param tamper the link to corrupt, or {@link Tamper#NONE}
   * @param out where the story goes
   */
  public Quickstart(Tamper tamper, PrintStream out) {
    this.tamper = tamper;
    this.say = new Narrator(out);
  }

  /**
   * Runs the whole story.
   *
   * @return the outcome; its {@link Verdict#lastLine()} has not been printed yet
   * @throws InterruptedException if interrupted while waiting for the enclave or the chain
   */
  public Verdict run() throws InterruptedException {
    say.title("phat4j quickstart: private credit scoring on a local Phala devnet"
        + (tamper == Tamper.NONE ? "" : "  [--tamper=" + tamper.link().label() + "]"));

    say.step("Start the devnet and its L2");
    try (Devnet devnet = Devnet.builder().contract(PrivateScoring.IMAGE, PrivateScoring::new).start();
        QuickstartChain l2 = new QuickstartChain(devnet);
        PhalaCloudClient cloud = devnet.cloudClient();
        PcsCollateralClient pccs = devnet.collateralClient()) {
      say.detail("deployment API  " + devnet.cloudApiUrl());
      say.detail("dev PCCS        " + devnet.pccsUrl() + "   KMS " + devnet.kmsUrl());
      say.detail("devnet root CA  sha256 " + devnet.rootCaSha256());
      say.detail("                NOT the Intel root: its quotes verify only where we name this root");
      say.done("L2 (anvil)      " + l2.rpcUrl() + ", chain id " + l2.chainId());

      say.step("Put the app's contracts on the L2");
      DstackKms kms = l2.kms();
      Secp256k1PublicKey published = Secp256k1PublicKey.of(kms.kmsInfo().k256Pubkey());
      say.detail("DstackKms  " + kms.address() + "  the devnet's KMS registry; kmsInfo() publishes the root "
          + published.compressedHex0x());
      DstackApp app = l2.deployApp(kms);
      AppId appId = AppId.of(app.address().toByteArray());
      say.detail("DstackApp  " + app.address() + "  the app id, from the KMS factory; its owner allows compose hashes");
      EvmAddress anchor = l2.deployAnchor();
      say.done("anchor     " + anchor + "  RollupConsumer, admin " + l2.admin().address() + ", no attestor yet");

      Deployed deployed = deploy(cloud, l2, kms, app, appId, anchor);

      say.step("The enclave announces its keys (an RTMR3 event)");
      KeyAnnouncement keys = awaitAnnouncement(cloud, deployed.cvm());
      say.detail("attestor   " + keys.attestor() + "  (GetKey \"" + KeyAnnouncement.ATTESTOR_PATH
          + "\", KMS-signed chain)");
      say.detail("input key  " + keys.inputKey().hex() + "  (X25519, for HPKE)");
      l2.grantAttestor(anchor, keys.attestor());
      l2.fund(keys.attestor(), BigInteger.TEN.pow(18));
      say.done("the anchor's admin grants it ATTESTOR_ROLE and 1 ETH for gas");

      say.step("A consumer queues a request, its private input sealed to the enclave");
      byte[] sealed = InputSealer.create(keys.inputKey())
          .seal(APPLICANT.getBytes(StandardCharsets.UTF_8), ScoreRequests.info(appId), ScoreRequests.aad(anchor))
          .toByteArray();
      say.detail("private input  " + APPLICANT);
      say.detail("HPKE (X25519, HKDF-SHA256, AES-256-GCM) to the input key, info = app id, aad = anchor");
      long fromBlock = l2.client().blockNumber();
      long requestId = l2.request(anchor, sealed);
      say.done("request #" + requestId + " queued by " + l2.consumer().address() + ": " + sealed.length
          + " sealed bytes on chain");

      say.step("The contract answers and commits the result on the L2");
      RollupAnchorReader reader = RollupAnchorReader.builder().chain(l2.client()).anchor(anchor).build();
      ResultReceived received = awaitResult(reader, fromBlock, requestId, null);
      if (tamper == Tamper.ATTESTOR) {
        received = forge(l2, reader, anchor, requestId, fromBlock, received);
      }
      RollupResult result = replyOf(reader, received, requestId);
      byte[] resultBytes = l2.resultOf(anchor, requestId, BlockRef.number(received.blockNumber()));
      say.detail("commit     tx 0x" + received.transactionHash().hex() + " in block " + received.blockNumber()
          + ", by " + result.commit().attestor());
      say.detail("result     " + new String(resultBytes, StandardCharsets.UTF_8));
      if (tamper == Tamper.RESULT) {
        resultBytes = alter(resultBytes);
        say.tamper("tamper=result: the result is altered on its way to the client: "
            + new String(resultBytes, StandardCharsets.UTF_8));
      }
      Bytes32 resultHash = Bytes32.of(Hash.sha3(resultBytes));
      say.done("keccak256  0x" + resultHash.hex() + "  (ResultReceived says 0x" + received.resultHash().hex() + ")");

      say.step("Verify the app attestation end to end");
      String vmConfig = vmConfig(devnet, appId);
      EndToEndVerifier.Evidence evidence = evidence(cloud.cvms().attestation(deployed.cvm()), vmConfig);
      EndToEndVerifier verifier = new EndToEndVerifier(devnet.rootCaDer(), pccs, devnetImage(devnet), kms, reader);
      VerificationReport report = verifier.verify(evidence, appId, deployed.composeHash(), result, resultBytes);
      for (LinkResult link : report.links()) {
        say.detail((link.passed() ? "ok   " : "FAIL ") + String.format("%-9s ", link.link().label()) + link.detail());
      }
      say.line("");
      say.line((report.verified() ? "Every link holds" : "The chain of trust is broken") + "; "
          + say.total() + " from start to verdict.");
      String last = report.firstFailure()
          .map(f -> REJECTED + f.link().label() + ": " + f.detail())
          .orElse(VERIFIED + requestId + " 0x" + resultHash.hex());
      return new Verdict(report, requestId, resultHash, last);
    }
  }

  /** What the deploy step hands on. */
  private record Deployed(CvmId cvm, Bytes32 composeHash) {}

  private Deployed deploy(PhalaCloudClient cloud, QuickstartChain l2, DstackKms kms, DstackApp app, AppId appId,
      EvmAddress anchor) {
    say.step("Deploy the off-chain contract \"" + APP_NAME + "\" with two secrets");
    AppSpec spec = AppSpec.builder(APP_NAME, COMPOSE)
        .kms("ETHEREUM") // governed on chain: the app id is its DstackApp's address
        .env(PrivateScoring.WEIGHTS_ENV, "income_k=1.9,debt_ratio=-210,late_payments=-38,years_of_history=6.5")
        .env(PrivateScoring.CUTOFF_ENV, "680")
        .env(PrivateScoring.ANCHOR_ENV, anchor.toString())
        .env("CHAIN_RPC_URL", l2.rpcUrl())
        .build();
    // The env key must be signed by the KMS root the chain publishes, or nothing is sent.
    Secp256k1PublicKey root = Secp256k1PublicKey.of(kms.kmsInfo().k256Pubkey());
    List<String> stages = new ArrayList<>();
    DeployOptions options = DeployOptions.builder()
        .trustedKmsKey(root)
        .timeout(Duration.ofSeconds(60))
        .listener(e -> progress(e, stages))
        .build();
    OnChainApp onChain = new OnChainApp(appId, l2.admin().address());
    DeployResult result = cloud.deployOnChain(spec, onChain, options);
    if (result instanceof DeployResult.Pending pending) {
      String hash = String.valueOf(pending.registration().composeHash());
      say.detail("HTTP 465      compose hash 0x" + strip0x(hash) + " is not allowed by the app's DstackApp yet");
      TxReceipt allowed = l2.allowComposeHash(app, Bytes32.fromHex(strip0x(hash)));
      say.detail("on chain      the owner calls DstackApp.addComposeHash (block " + allowed.blockNumber()
          + "); commit again");
      result = cloud.confirm(pending, options);
    }
    Deployment d = result.deployment();
    say.done("running as app 0x" + d.appId());
    return new Deployed(d.cvmId(), d.composeHash());
  }

  private void progress(DeployEvent e, List<String> stages) {
    switch (e.stage()) {
      case PROVISIONED -> say.detail("provisioned   " + e.message().replace(", app id null", "")
          + " (an on-chain app: its id is its DstackApp's address)");
      case KEY_VERIFIED -> say.detail("env key       signed by the KMS root read from DstackKms.kmsInfo(), checked");
      case ENV_ENCRYPTED -> say.detail("encrypted     " + PrivateScoring.WEIGHTS_ENV + ", " + PrivateScoring.CUTOFF_ENV
          + " (the secrets), anchor and RPC URL: " + e.message());
      case COMMITTED -> say.detail("committed     " + e.message());
      case STATE, RUNNING -> {
        CvmState s = e.state();
        String stage = s == null ? e.message()
            : s.bootProgress() != null && !s.bootProgress().isBlank() ? s.bootProgress() : s.status().raw();
        if (stages.isEmpty() || !stages.getLast().equals(stage)) {
          stages.add(stage);
          say.detail("  ... " + stage);
        }
      }
      default -> { }
    }
  }

  private KeyAnnouncement awaitAnnouncement(PhalaCloudClient cloud, CvmId cvm) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      CvmAttestation a = cloud.cvms().attestation(cvm);
      if (a.tcbInfo() != null) {
        for (EventLogEntry e : EventLog.parse(eventLogJson(a)).entries()) {
          if (e.event().equals(KeyAnnouncement.EVENT)) {
            return KeyAnnouncement.decode(e.payload());
          }
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the contract announced no keys within " + WAIT.toSeconds() + " s");
  }

  private static ResultReceived awaitResult(RollupAnchorReader reader, long fromBlock, long requestId,
      @Nullable Bytes32 notTx) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      List<ResultReceived> found = new ArrayList<>();
      reader.scanResultReceived(fromBlock, null, r -> {
        if (r.requestId().longValueExact() == requestId && !r.transactionHash().equals(notTx)) {
          found.add(r);
        }
      });
      if (!found.isEmpty()) {
        return found.getLast();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no result for request #" + requestId + " within " + WAIT.toSeconds() + " s");
  }

  private ResultReceived forge(QuickstartChain l2, RollupAnchorReader reader, EvmAddress anchor, long requestId,
      long fromBlock, ResultReceived genuine) throws InterruptedException {
    EvmAddress impostor = EvmAddress.fromHex(l2.impostor().address());
    say.detail("genuine    tx 0x" + genuine.transactionHash().hex() + " in block " + genuine.blockNumber());
    l2.grantAttestor(anchor, impostor);
    byte[] forged = ("{\"request\":" + requestId + ",\"score\":850,\"decision\":\"approved\"}")
        .getBytes(StandardCharsets.UTF_8);
    RollupSubmitter.builder().chain(l2.client()).anchor(anchor).build().submit(
        new RollupBatch(List.of(), List.of(), List.of(RollupAction.reply(ScoreRequests.replyPayload(requestId, forged)))),
        l2.transactions(l2.impostor()));
    say.tamper("tamper=attestor: the admin also made " + impostor + " an attestor; it commits a forged result");
    return awaitResult(reader, fromBlock, requestId, genuine.transactionHash());
  }

  private static RollupResult replyOf(RollupAnchorReader reader, ResultReceived received, long requestId) {
    Optional<RollupCommit> commit = reader.commit(received.transactionHash());
    if (commit.isEmpty()) {
      throw new IllegalStateException("tx 0x" + received.transactionHash().hex() + " is not a rollup commit");
    }
    for (RollupResult r : commit.get().results()) {
      byte[] payload = r.action().payload();
      if (r.action().type() == RollupActionType.REPLY && payload.length >= 32
          && new BigInteger(1, java.util.Arrays.copyOf(payload, 32)).equals(BigInteger.valueOf(requestId))) {
        return r;
      }
    }
    throw new IllegalStateException("the commit carries no reply to request #" + requestId);
  }

  /** The CVM's vm_config, from its guest agent: the deployment API does not return it. */
  private static String vmConfig(Devnet devnet, AppId appId) {
    try (DstackGuestClient guest = DstackGuestClient.builder()
        .endpoint(devnet.cvm(appId).guestAgentEndpoint().toString()).build()) {
      VmConfig vm = guest.getQuote(new byte[0]).vmConfig();
      if (vm == null) {
        throw new IllegalStateException("the CVM's guest agent reports no vm_config");
      }
      return vm.json();
    }
  }

  /**
   * The reference values this client trusts for OS images: the devnet's ACPI digests for its VM
   * shapes (trusted for the devnet only). MRTD and RTMR0–2 are computed from the lite measurement
   * in the CVM's vm_config ({@code tdx_measurement}), as for a real dstack image.
   */
  private ReferenceValues devnetImage(Devnet devnet) {
    OsImage image = devnet.osImage();
    say.detail("OS image   " + image.name() + " 0x" + image.osImageHash().hex().substring(0, 16)
        + "...  lite path: MRTD and RTMR0-2 computed from vm_config.tdx_measurement (dev image)");
    return devnet.referenceValues();
  }

  private EndToEndVerifier.Evidence evidence(CvmAttestation a, String vmConfig) {
    if (a.tcbInfo() == null || a.appCertificates().isEmpty() || a.appCertificates().getFirst().quote() == null) {
      throw new IllegalStateException("the CVM attestation carries no quote or TCB info: " + a.error());
    }
    byte[] quote = Hex.decode("quote", strip0x(a.appCertificates().getFirst().quote()));
    String compose = a.tcbInfo().appCompose() != null ? a.tcbInfo().appCompose() : String.valueOf(a.composeFile());
    if (tamper == Tamper.QUOTE) {
      quote[48 + 520] ^= 0x01; // report_data[0], inside the signed TD report body
      say.tamper("tamper=quote: one byte of the quote's report data is flipped in transit");
    }
    if (tamper == Tamper.COMPOSE) {
      compose = compose.replace(PrivateScoring.IMAGE, PrivateScoring.IMAGE + "-patched");
      say.tamper("tamper=compose: the app-compose.json shown names image " + PrivateScoring.IMAGE + "-patched");
    }
    if (tamper == Tamper.OS_IMAGE) {
      String other = "00".repeat(32);
      vmConfig = vmConfig.replaceFirst("\"os_image_hash\"\\s*:\\s*\"[0-9a-fA-Fx]*\"", "\"os_image_hash\":\"" + other + "\"");
      say.tamper("tamper=os-image: the VM config shown claims OS image 0x" + other.substring(0, 16) + "..., not the one booted");
    }
    return new EndToEndVerifier.Evidence(quote, eventLogJson(a), compose, vmConfig);
  }

  private static String eventLogJson(CvmAttestation a) {
    try {
      return SNAKE.writeValueAsString(a.tcbInfo() == null ? List.of() : a.tcbInfo().eventLog());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] alter(byte[] result) {
    String s = new String(result, StandardCharsets.UTF_8);
    String t = s.contains("\"declined\"") ? s.replace("\"declined\"", "\"approved\"") : s.replace("\"approved\"", "\"declined\"");
    return t.getBytes(StandardCharsets.UTF_8);
  }

  private static String strip0x(String hex) {
    return hex.startsWith("0x") ? hex.substring(2) : hex;
  }
}

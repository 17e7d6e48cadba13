package io.phat4j.contracts.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainLog;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.DcapTestVector;
import io.phat4j.testkit.TdReportSpec;
import io.phat4j.testkit.anvil.AnvilExtension;
import io.phat4j.testkit.anvil.AnvilNode;
import io.phat4j.testkit.anvil.ContractArtifact;
import io.phat4j.testkit.anvil.ContractDeployer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;

/**
 * A result committed by an attestor whose key comes from a (simulated) dstack app, checked link by
 * link, with each link broken in turn.
 */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupResultCheckAnvilTest {
  private static final String PURPOSE = "rollup-attestor";
  private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");
  private static final Bytes32 COMPOSE_HASH = Bytes32.of(Hash.sha3("compose v1".getBytes(StandardCharsets.UTF_8)));

  private RollupFixture f;
  private EvmAddress kms;
  private EvmAddress appId;
  private Secp256k1PrivateKey kmsRoot;
  private Secp256k1PrivateKey appKey;
  private Secp256k1PrivateKey attestorKey;
  private RollupResult reply;
  private Bytes32 resultHash;

  @BeforeAll
  void commitAResult(AnvilNode node) {
    f = new RollupFixture(node);
    kmsRoot = Secp256k1PrivateKey.generate();
    appKey = Secp256k1PrivateKey.generate();
    attestorKey = Secp256k1PrivateKey.generate();
    deployKmsAndApp(node);

    EvmAddress attestor = MetaTxSignatures.addressOf(attestorKey);
    f.grantAttestor(attestor);
    long start = f.chain.blockNumber();
    f.request("what is 6*7");
    RollupBatch batch = f.submitter.lockedBatch(BlockRef.latest(), List.of(RollupQueueKeys.head()), List.of(),
        List.of(RollupAction.reply(RollupFixture.replyPayload(0, "42".getBytes(StandardCharsets.UTF_8))),
            RollupAction.setQueueHead(1)));
    // The attestor has no ether: the relayer pays, the attestor only signs.
    f.submitter.submitMetaTx(batch, attestorKey, f.tm(f.relayer));
    RollupCommit commit = f.reader.commits(start, null).get(0);
    reply = commit.results().get(0);
    java.util.List<ResultReceived> events = new java.util.ArrayList<>();
    f.reader.scanResultReceived(start, null, events::add);
    resultHash = events.get(0).resultHash();
  }

  @AfterAll
  void close() {
    f.close();
  }

  private void deployKmsAndApp(AnvilNode node) {
    ContractDeployer deployer = new ContractDeployer(node, f.admin);
    String appImpl = deployer.deploy(artifact("DstackApp"), List.of());
    String kmsImpl = deployer.deploy(artifact("DstackKms"), List.of());
    byte[] init = call("initialize", new Address(f.admin.address()), new Address(appImpl));
    kms = EvmAddress.fromHex(deployer.deploy(artifact("ERC1967Proxy"),
        List.of(new Address(kmsImpl), new DynamicBytes(init))));
    DynamicStruct info = new DynamicStruct(new DynamicBytes(kmsRoot.publicKey().compressed()),
        new DynamicBytes(new byte[0]), new DynamicBytes(new byte[0]), new DynamicBytes(new byte[0]));
    f.chain.transact(f.tm(f.admin), kms, call("setKmsInfo", info), List.of());
    TxReceipt deployed = f.chain.transact(f.tm(f.admin), kms, call("deployAndRegisterApp",
        new Address(f.admin.address()), new Bool(false), new Bool(true),
        new org.web3j.abi.datatypes.generated.Bytes32(new byte[32]),
        new org.web3j.abi.datatypes.generated.Bytes32(COMPOSE_HASH.toByteArray())), List.of());
    Bytes32 factoryTopic = Bytes32.of(Hash.sha3("AppDeployedViaFactory(address,address)".getBytes(StandardCharsets.US_ASCII)));
    ChainLog event = deployed.logs().stream().filter(l -> l.topic0().equals(factoryTopic)).findFirst().orElseThrow();
    appId = EvmAddress.of(java.util.Arrays.copyOfRange(event.topics().get(1).toByteArray(), 12, 32));
  }

  private static ContractArtifact artifact(String name) {
    return ContractArtifact.fromClasspath("/io/phat4j/contracts/artifacts/" + name + ".json");
  }

  private static byte[] call(String name, Type<?>... args) {
    return Hex.decode("calldata", FunctionEncoder.encode(new Function(name, List.of(args), List.of())));
  }

  /** What dstack's GetKey returns for the attestor key, signed by {@code root}. */
  private AttestorEvidence.KeyChain keyChain(Secp256k1PrivateKey root, Bytes32 composeHash) {
    AppId app = appId.toAppId();
    byte[] sig0 = sign(appKey, KeySignatureChain.appMessage(PURPOSE, attestorKey.publicKey()));
    byte[] sig1 = sign(root, KeySignatureChain.kmsMessage(app, appKey.publicKey()));
    return new AttestorEvidence.KeyChain(
        KeySignatureChain.of(PURPOSE, attestorKey.publicKey(), app, List.of(sig0, sig1)), composeHash);
  }

  /** dstack's signature form: r ‖ s ‖ recovery id 0/1, over keccak256(message). */
  private static byte[] sign(Secp256k1PrivateKey key, byte[] message) {
    Sign.SignatureData s = Sign.signMessage(Hash.sha3(message), ECKeyPair.create(key.secret().revealBytes()), false);
    byte[] out = new byte[65];
    System.arraycopy(s.getR(), 0, out, 0, 32);
    System.arraycopy(s.getS(), 0, out, 32, 32);
    out[64] = (byte) (s.getV()[0] - 27);
    return out;
  }

  private ResultChecker checker(boolean requireRoleNow) {
    return ResultChecker.builder().reader(f.reader).kms(kms).requireRoleNow(requireRoleNow).build();
  }

  private static void onlyFails(ResultCheck check, TrustLink... failed) {
    assertThat(check.trusted()).isFalse();
    assertThat(check.failures()).extracting(LinkCheck::link).containsExactly(failed);
  }

  @Test
  void everyLinkPassesForTheHonestChain() {
    ResultCheck check = checker(false).check(reply, keyChain(kmsRoot, COMPOSE_HASH), resultHash);
    assertThat(check.links()).extracting(LinkCheck::link).containsExactly(TrustLink.values());
    assertThat(check.failures()).isEmpty();
    assertThat(check.trusted()).isTrue();
    assertThat(check.link(TrustLink.ATTESTOR_BOUND_TO_APP).orElseThrow().reason()).contains(appId.toString());
  }

  @Test
  void aRevokedAttestorIsNoLongerTrusted(AnvilNode node) {
    String before = node.snapshot();
    try {
      f.revokeAttestor(MetaTxSignatures.addressOf(attestorKey));
      // At its own block the attestor held the role; a verifier that requires it now does not trust it.
      assertThat(checker(false).check(reply, keyChain(kmsRoot, COMPOSE_HASH), resultHash).trusted()).isTrue();
      ResultCheck now = checker(true).check(reply, keyChain(kmsRoot, COMPOSE_HASH), resultHash);
      onlyFails(now, TrustLink.ATTESTOR_ROLE);
      assertThat(now.link(TrustLink.ATTESTOR_ROLE).orElseThrow().reason()).contains("did not hold ATTESTOR_ROLE");
    } finally {
      node.revert(before);
    }
  }

  @Test
  void anAttestorRevokedInTheResultsOwnBlockFailsTheDefaultCheck(AnvilNode node) throws Exception {
    String before = node.snapshot();
    try {
      long start = f.chain.blockNumber() + 1;
      RollupBatch batch = new RollupBatch(List.of(), List.of(),
          List.of(RollupAction.reply(RollupFixture.replyPayload(0, "42".getBytes(StandardCharsets.UTF_8)))));
      EvmAddress attestor = MetaTxSignatures.addressOf(attestorKey);
      ForwardRequest request = f.submitter.metaTxRequest(batch, attestor, null);
      byte[] signature = MetaTxSignatures.sign(attestorKey, f.chain.chainId(), f.anchor, request);
      BigInteger gasPrice = f.chain.web3j().ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
      node.setAutomine(false);
      try {
        // The rollup and, after it in the same block, the admin's revocation (a higher price orders it first).
        f.tm(f.relayer).sendTransaction(gasPrice.multiply(BigInteger.TWO), BigInteger.valueOf(1_000_000), f.anchor.toString(),
            Hex.encode0x(RollupCalldata.encodeMetaTx(request, signature)), BigInteger.ZERO);
        f.tm(f.admin).sendTransaction(gasPrice, BigInteger.valueOf(200_000), f.anchor.toString(),
            Hex.encode0x(call("revokeRole",
                new org.web3j.abi.datatypes.generated.Bytes32(io.phat4j.contracts.rollup.internal.AnchorAbi.ATTESTOR_ROLE),
                attestor.toAbi())), BigInteger.ZERO);
        node.mine(1);
      } finally {
        node.setAutomine(true);
      }
      RollupCommit commit = f.reader.commits(start, null).get(0);
      ResultCheck check = checker(false).check(commit.results().get(0), keyChain(kmsRoot, COMPOSE_HASH), resultHash);
      onlyFails(check, TrustLink.ATTESTOR_ROLE);
      assertThat(check.link(TrustLink.ATTESTOR_ROLE).orElseThrow().reason())
          .contains("at block " + commit.blockNumber());
    } finally {
      node.revert(before);
    }
  }

  @Test
  void aKeyChainFromAnotherKmsRootBreaksTheBinding() {
    ResultCheck check = checker(false).check(reply, keyChain(Secp256k1PrivateKey.generate(), COMPOSE_HASH), resultHash);
    // Without an attested app, the compose hash cannot be checked either.
    onlyFails(check, TrustLink.ATTESTOR_BOUND_TO_APP, TrustLink.COMPOSE_HASH_ALLOWED);
    assertThat(check.link(TrustLink.ATTESTOR_BOUND_TO_APP).orElseThrow().reason()).contains("not the KMS root");
  }

  @Test
  void aComposeHashTheAppDoesNotAllowIsRejected() {
    Bytes32 other = Bytes32.of(Hash.sha3("compose v2".getBytes(StandardCharsets.UTF_8)));
    ResultCheck check = checker(false).check(reply, keyChain(kmsRoot, other), resultHash);
    onlyFails(check, TrustLink.COMPOSE_HASH_ALLOWED);
    assertThat(check.link(TrustLink.COMPOSE_HASH_ALLOWED).orElseThrow().reason()).contains("does not allow");
  }

  @Test
  void aResultThatDoesNotMatchThePayloadIsRejected() {
    Bytes32 forged = Bytes32.of(Hash.sha3("41".getBytes(StandardCharsets.UTF_8)));
    onlyFails(checker(false).check(reply, keyChain(kmsRoot, COMPOSE_HASH), forged), TrustLink.RESULT_HASH);
  }

  @Test
  void aVerifiedQuoteCommittingToTheAttestorBindsIt() {
    byte[] nonce = Hash.sha3("verifier nonce".getBytes(StandardCharsets.UTF_8));
    EventLog log = EventLog.parse(eventLogJson(appId, COMPOSE_HASH));
    VerifiedQuote quote = quote(reportData(MetaTxSignatures.addressOf(attestorKey), nonce), log);
    ResultCheck check = checker(false).check(reply, new AttestorEvidence.Quote(quote, log, nonce), resultHash);
    assertThat(check.failures()).isEmpty();
    assertThat(check.trusted()).isTrue();

    // The same quote with another expected nonce, and a quote for another address, do not bind.
    byte[] otherNonce = Hash.sha3("other".getBytes(StandardCharsets.UTF_8));
    onlyFails(checker(false).check(reply, new AttestorEvidence.Quote(quote, log, otherNonce), resultHash),
        TrustLink.ATTESTOR_BOUND_TO_APP, TrustLink.COMPOSE_HASH_ALLOWED);
    VerifiedQuote someoneElse = quote(reportData(f.address(f.user), nonce), log);
    ResultCheck wrong = checker(false).check(reply, new AttestorEvidence.Quote(someoneElse, log, nonce), resultHash);
    onlyFails(wrong, TrustLink.ATTESTOR_BOUND_TO_APP, TrustLink.COMPOSE_HASH_ALLOWED);
    assertThat(wrong.link(TrustLink.ATTESTOR_BOUND_TO_APP).orElseThrow().reason()).contains("report_data");
  }

  private static byte[] reportData(EvmAddress address, byte[] nonce) {
    byte[] data = new byte[64];
    System.arraycopy(address.toByteArray(), 0, data, 0, 20);
    System.arraycopy(nonce, 0, data, 32, 32);
    return data;
  }

  private static VerifiedQuote quote(byte[] reportData, EventLog log) {
    DcapTestPki pki = DcapTestPki.builder().seed("phat4j-rollup-check").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    TdReportSpec report = TdReportSpec.builder()
        .reportData(reportData).rtmr(3, log.replay().rtmr3().toByteArray()).build();
    DcapTestVector v = DcapTestVector.tdxV4(pki).tdReport(report).build();
    QuoteVerifier verifier = QuoteVerifier.builder().trustAnchor(pki.rootCaDer()).build();
    return verifier.verify(v.quote(), QuoteCollateral.fromJson(v.collateral().toJsonBytes()), v.time());
  }

  /** dstack runtime events (RTMR3) naming the app and its compose hash; digests are recomputed on replay. */
  private static String eventLogJson(EvmAddress app, Bytes32 composeHash) {
    return "[" + event("app-id", app.hex()) + "," + event("compose-hash", composeHash.hex()) + "]";
  }

  private static String event(String name, String payloadHex) {
    return "{\"imr\":3,\"event_type\":134217729,\"digest\":\"\",\"event\":\"" + name
        + "\",\"event_payload\":\"" + payloadHex + "\"}";
  }

  @Test
  void theMetaTxResultNamesTheSignerAsAttestor() {
    assertThat(reply.commit().isMetaTx()).isTrue();
    assertThat(reply.commit().attestor()).isEqualTo(MetaTxSignatures.addressOf(attestorKey));
    assertThat(reply.commit().submitter()).isEqualTo(f.address(f.relayer));
    assertThat(BigInteger.ONE).isEqualTo(f.reader.metaTxNonce(reply.commit().attestor(), BlockRef.latest()));
  }
}

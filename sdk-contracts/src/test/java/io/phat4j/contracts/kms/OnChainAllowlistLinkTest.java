package io.phat4j.contracts.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.AppInfo;
import io.phat4j.attestation.app.AppLinkContext;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerification;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.app.LinkResult;
import io.phat4j.attestation.app.LinkStatus;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.TestChain;
import io.phat4j.core.Bytes32;
import io.phat4j.testkit.anvil.AnvilExtension;
import io.phat4j.testkit.anvil.AnvilNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.tx.TransactionManager;

/** The on-chain allowlist link against DstackKms/DstackApp deployed to a real anvil node. */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnChainAllowlistLinkTest {
  static final Bytes32 OS = Bytes32.fromHex("e6f5cfec20c02e7b97baa213d0f718020b55e040172d90ccbcb946d56c8b09db");
  static final Bytes32 COMPOSE = Bytes32.fromHex("86b0e55f2fa8e4fb69d890f14f54d5612707646e2573d54e0d2ddaaade77caa9");

  ChainClient chain;
  DstackKms kms;
  DeployedApp app;

  @BeforeAll
  void deploy(AnvilNode node) {
    chain = TestChain.client(node);
    EvmAddress ownerAddr = EvmAddress.fromHex(node.account(0).address());
    TransactionManager owner = TestChain.signer(node, node.account(0));
    String appImpl = node.deploy(TestChain.APP);
    kms = DstackKms.at(chain, TestChain.proxy(node, TestChain.KMS,
        new Function("initialize", List.of(new Address(ownerAddr.toString()), new Address(appImpl)), List.of())));
    kms.addOsImageHash(owner, OS);
    // allowAnyDevice, so any platform's device_id passes.
    app = kms.deployAndRegisterApp(owner, new AppDeployment(ownerAddr, false, false, true, Bytes32.of(new byte[32]), COMPOSE));
  }

  @AfterAll
  void close() {
    chain.close();
  }

  private AppLinkContext context(byte[] appId, Bytes32 compose, String tcb) {
    AppInfo info = new AppInfo(appId, compose.toByteArray(), new byte[20], new byte[32], Bytes32.of(new byte[32]),
        Bytes32.of(new byte[32]), OS.toByteArray(), new byte[0], List.of());
    AppEvidence any = AppEvidence.fromJson(resource());
    return new AppLinkContext(any, info, "dstack-tdx", tcb, List.of(), List.of());
  }

  private static byte[] resource() {
    try (InputStream in = OnChainAllowlistLinkTest.class.getResourceAsStream("/app/tdx-lite-getquote.json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void registeredAppWithAllowedComposeHashAndImage_passes() {
    LinkResult r = OnChainAllowlistLink.of(kms).check(context(app.appId().toByteArray(), COMPOSE, "UpToDate"));
    assertThat(r.status()).as(String.valueOf(r.reason())).isEqualTo(LinkStatus.PASSED);
    assertThat(r.detail()).contains("DstackKms").contains("allows");
  }

  @Test
  void composeHashNotOnChain_fails_namingTheContract() {
    LinkResult r = OnChainAllowlistLink.of(kms.app(app.appId()))
        .check(context(app.appId().toByteArray(), Bytes32.of(new byte[32]), "UpToDate"));
    assertThat(r.status()).isEqualTo(LinkStatus.FAILED);
    assertThat(r.reason()).startsWith("DstackApp " + app.appId() + " refuses the app");
  }

  @Test
  void realEvidence_appNotRegisteredOnThisChain_failsTheLinkOnly() {
    AppVerification v = AppVerifier.builder().addLink(OnChainAllowlistLink.of(kms)).build()
        .verify(AppEvidence.fromJson(resource()), AppPolicy.defaults());
    LinkResult r = v.link(OnChainAllowlistLink.NAME);
    assertThat(r.status()).isEqualTo(LinkStatus.FAILED);
    assertThat(r.reason()).contains("refuses the app");
    assertThat(v.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.PASSED);
  }

  @Test
  void noIdentity_failsWithoutCallingTheChain() {
    AppEvidence any = AppEvidence.fromJson(resource());
    LinkResult r = OnChainAllowlistLink.of(kms).check(new AppLinkContext(any, null, "dstack-tdx", null, List.of(), List.of()));
    assertThat(r.reason()).contains("no identity");
  }
}

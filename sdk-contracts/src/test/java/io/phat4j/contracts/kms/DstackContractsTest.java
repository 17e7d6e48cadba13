package io.phat4j.contracts.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.contracts.chain.BlockRange;
import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.ContractRevertedException;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.NoContractException;
import io.phat4j.contracts.chain.TestChain;
import io.phat4j.contracts.kms.KmsEvent.Allowlist;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.testkit.anvil.AnvilExtension;
import io.phat4j.testkit.anvil.AnvilNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.tx.TransactionManager;

/** DstackKms and DstackApp, deployed from the committed bytecode to a real anvil node. */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DstackContractsTest {
  // The root key and quote bytes are arbitrary test values; only the round trip matters here.
  static final KmsInfo INFO =
      new KmsInfo(
          Hex.decode("k256", "02" + "11".repeat(32)), Hex.decode("ca", "3059" + "22".repeat(20)), new byte[] {4, 0, 2, 0}, "[]".getBytes());
  static final Bytes32 OS = b32(0x05);
  static final Bytes32 COMPOSE = b32(0xc0);
  static final Bytes32 DEVICE = b32(0xde);
  static final Bytes32 MR = b32(0xa9);

  ChainClient chain;
  AnvilNode node;
  EvmAddress ownerAddr;
  TransactionManager owner;
  TransactionManager stranger;
  DstackKms kms;
  long deployedAt;

  static Bytes32 b32(int b) {
    byte[] v = new byte[32];
    java.util.Arrays.fill(v, (byte) b);
    return Bytes32.of(v);
  }

  @BeforeAll
  void deploy(AnvilNode node) {
    this.node = node;
    chain = TestChain.client(node);
    ownerAddr = EvmAddress.fromHex(node.account(0).address());
    owner = TestChain.signer(node, node.account(0));
    stranger = TestChain.signer(node, node.account(5));
    deployedAt = chain.blockNumber() + 1;
    String appImpl = node.deploy(TestChain.APP);
    kms =
        DstackKms.at(
            chain,
            TestChain.proxy(
                node,
                TestChain.KMS,
                new Function("initialize", List.of(new Address(ownerAddr.toString()), new Address(appImpl)), List.of())));
    kms.setKmsInfo(owner, INFO);
    kms.addOsImageHash(owner, OS);
  }

  @AfterAll
  void close() {
    chain.close();
  }

  AppBootInfo boot(EvmAddress app, Bytes32 compose, Bytes32 device, Bytes32 os, String tcb) {
    return new AppBootInfo(app, compose, EvmAddress.fromHex("0x" + "ab".repeat(20)), device, MR, b32(0x51), os, tcb, List.of());
  }

  @Test
  void readsTheKmsIdentityAndSettings() {
    assertThat(kms.kmsInfo()).isEqualTo(INFO);
    assertThat(kms.kmsInfo().k256Pubkey()).hasSize(33);
    assertThat(kms.owner()).isEqualTo(ownerAddr);
    assertThat(kms.appImplementation().isZero()).isFalse();
    assertThat(kms.isOsImageAllowed(OS)).isTrue();
    assertThat(kms.isOsImageAllowed(b32(0x06))).isFalse();
    assertThat(kms.gatewayAppId()).isEmpty();
    kms.setGatewayAppId(owner, "gateway-app");
    assertThat(kms.gatewayAppId()).isEqualTo("gateway-app");
  }

  @Test
  void deploysAndRegistersAnAppAndReadsItsPolicy() {
    DeployedApp deployed =
        kms.deployAndRegisterApp(stranger, new AppDeployment(ownerAddr, false, false, false, DEVICE, COMPOSE));
    assertThat(deployed.deployer().toString()).isEqualTo(node.account(5).address());
    assertThat(chain.code(deployed.appId(), BlockRef.latest())).isNotEmpty();
    assertThat(kms.isRegistered(deployed.appId())).isTrue();
    DstackApp app = kms.app(deployed.appId());
    assertThat(app.owner()).isEqualTo(ownerAddr);
    assertThat(app.isComposeHashAllowed(COMPOSE)).isTrue();
    assertThat(app.isDeviceAllowed(DEVICE)).isTrue();
    assertThat(app.allowAnyDevice()).isFalse();
    assertThat(app.requireTcbUpToDate()).contains(false);
    // the state before the deployment block did not have the app
    assertThat(kms.isRegistered(deployed.appId(), BlockRef.number(deployed.receipt().blockNumber() - 1))).isFalse();

    Bytes32 next = b32(0xc1);
    assertThat(app.isComposeHashAllowed(next)).isFalse();
    app.addComposeHash(owner, next);
    assertThat(app.isComposeHashAllowed(next)).isTrue();
    app.removeComposeHash(owner, next);
    assertThat(app.isComposeHashAllowed(next)).isFalse();
    app.setAllowAnyDevice(owner, true);
    assertThat(app.allowAnyDevice()).isTrue();
  }

  @Test
  void theSixArgumentFactorySetsRequireTcbUpToDate() {
    DeployedApp deployed = kms.deployAndRegisterApp(owner, new AppDeployment(ownerAddr, true, true, true, b32(0), COMPOSE));
    DstackApp app = kms.app(deployed.appId());
    assertThat(app.requireTcbUpToDate()).contains(true);
    assertThat(app.allowAnyDevice()).isTrue();
    assertThat(app.isAppAllowed(boot(app.address(), COMPOSE, DEVICE, OS, "OutOfDate")))
        .isEqualTo(new AuthDecision(false, "TCB status is not up to date"));
    assertThat(kms.isAppAllowed(boot(app.address(), COMPOSE, DEVICE, OS, "OutOfDate")))
        .isEqualTo(new AuthDecision(false, "TCB status is not up to date"));
    assertThat(kms.isAppAllowed(boot(app.address(), COMPOSE, DEVICE, OS, "UpToDate"))).isEqualTo(new AuthDecision(true, ""));
  }

  @Test
  void isAppAllowedGivesEveryReasonInOrder() {
    DstackApp app = kms.app(kms.deployAndRegisterApp(owner, new AppDeployment(ownerAddr, false, false, false, DEVICE, COMPOSE)).appId());
    EvmAddress a = app.address();
    EvmAddress unregistered = EvmAddress.fromHex("0x" + "77".repeat(20));
    // KMS checks first: registration, OS image, code at the app id
    assertThat(kms.isAppAllowed(boot(unregistered, COMPOSE, DEVICE, OS, "UpToDate"))).isEqualTo(new AuthDecision(false, "App not registered"));
    assertThat(kms.isAppAllowed(boot(a, b32(1), b32(2), b32(3), "OutOfDate"))).isEqualTo(new AuthDecision(false, "OS image is not allowed"));
    EvmAddress noCode = EvmAddress.fromHex("0x" + "88".repeat(20));
    kms.registerApp(stranger, noCode);
    assertThat(kms.isAppAllowed(boot(noCode, COMPOSE, DEVICE, OS, "UpToDate")))
        .isEqualTo(new AuthDecision(false, "App not deployed or invalid address"));
    // then the app's own checks: compose hash before device; TCB ignored unless required
    assertThat(kms.isAppAllowed(boot(a, b32(1), b32(2), OS, "OutOfDate"))).isEqualTo(new AuthDecision(false, "Compose hash not allowed"));
    assertThat(kms.isAppAllowed(boot(a, COMPOSE, b32(2), OS, "OutOfDate"))).isEqualTo(new AuthDecision(false, "Device not allowed"));
    assertThat(kms.isAppAllowed(boot(a, COMPOSE, DEVICE, OS, "OutOfDate"))).isEqualTo(new AuthDecision(true, ""));
    // the app alone does not look at the OS image
    assertThat(app.isAppAllowed(boot(a, COMPOSE, DEVICE, b32(3), "UpToDate"))).isEqualTo(new AuthDecision(true, ""));
    app.setRequireTcbUpToDate(owner, true);
    assertThat(app.isAppAllowed(boot(a, b32(1), b32(2), OS, "OutOfDate"))).isEqualTo(new AuthDecision(false, "TCB status is not up to date"));
  }

  @Test
  void isKmsAllowedChecksTcbOsImageMeasurementAndDevice() {
    EvmAddress self = kms.address();
    Bytes32 kmsDevice = b32(0x4d);
    Bytes32 otherMr = b32(0x01);
    AppBootInfo ok = new AppBootInfo(self, b32(0), self, kmsDevice, MR, b32(0), OS, "UpToDate", List.of());
    assertThat(kms.isKmsAllowed(new AppBootInfo(self, b32(0), self, kmsDevice, MR, b32(0), OS, "OutOfDate", List.of())))
        .isEqualTo(new AuthDecision(false, "TCB status is not up to date"));
    assertThat(kms.isKmsAllowed(new AppBootInfo(self, b32(0), self, kmsDevice, MR, b32(0), b32(9), "UpToDate", List.of())))
        .isEqualTo(new AuthDecision(false, "OS image is not allowed"));
    assertThat(kms.isKmsAllowed(new AppBootInfo(self, b32(0), self, kmsDevice, otherMr, b32(0), OS, "UpToDate", List.of())))
        .isEqualTo(new AuthDecision(false, "Aggregated MR not allowed"));
    kms.addKmsAggregatedMr(owner, MR);
    assertThat(kms.isKmsAggregatedMrAllowed(MR)).isTrue();
    assertThat(kms.isKmsAllowed(ok)).isEqualTo(new AuthDecision(false, "KMS is not allowed to boot on this device"));
    kms.addKmsDevice(owner, kmsDevice);
    assertThat(kms.isKmsDeviceAllowed(kmsDevice)).isTrue();
    assertThat(kms.isKmsAllowed(ok)).isEqualTo(new AuthDecision(true, ""));
  }

  @Test
  void nonOwnerWritesRevertWithTheTypedErrorAndSendNothing() {
    DstackApp app = kms.app(kms.deployAndRegisterApp(owner, AppDeployment.anyDevice(ownerAddr, COMPOSE)).appId());
    long head = chain.blockNumber();
    assertThatThrownBy(() -> app.addComposeHash(stranger, b32(0x99)))
        .isInstanceOfSatisfying(
            ContractRevertedException.class,
            e -> {
              assertThat(e.isError("OwnableUnauthorizedAccount")).isTrue();
              assertThat(e.error().arguments()).containsExactly(new Address(node.account(5).address()));
            });
    assertThatThrownBy(() -> kms.addOsImageHash(stranger, b32(0x99)))
        .isInstanceOfSatisfying(ContractRevertedException.class, e -> assertThat(e.isError("OwnableUnauthorizedAccount")).isTrue());
    assertThatThrownBy(() -> kms.setKmsInfo(stranger, INFO)).isInstanceOf(ContractRevertedException.class);
    assertThat(chain.blockNumber()).isEqualTo(head);
    assertThat(app.isComposeHashAllowed(b32(0x99))).isFalse();
  }

  @Test
  void anAddressWithoutCodeIsNoContractAndAContractWithoutTheFunctionIsAnOlderVersion() {
    EvmAddress nothing = EvmAddress.fromHex("0x" + "99".repeat(20));
    assertThatThrownBy(() -> DstackKms.at(chain, nothing).kmsInfo()).isInstanceOf(NoContractException.class);
    assertThatThrownBy(() -> DstackApp.at(chain, nothing).isComposeHashAllowed(COMPOSE)).isInstanceOf(NoContractException.class);
    // the KMS has no requireTcbUpToDate(): it reverts without data, as an old DstackApp would
    assertThat(DstackApp.at(chain, kms.address()).requireTcbUpToDate()).isEmpty();
  }

  @Test
  void eventHistoryIsTypedAndInChainOrder() {
    DeployedApp deployed = kms.deployAndRegisterApp(owner, new AppDeployment(ownerAddr, false, false, false, DEVICE, COMPOSE));
    DstackApp app = kms.app(deployed.appId());
    app.addDevice(owner, b32(0xd1));
    app.removeDevice(owner, DEVICE);
    app.disableUpgrades(owner);

    List<KmsEvent> kmsEvents = kms.events(BlockRange.from(deployedAt)).toList();
    // the proxy's constructor points it at the implementation, then runs initialize()
    assertThat(kmsEvents.get(0)).isInstanceOf(Upgraded.class);
    assertThat(kmsEvents.get(1)).isInstanceOfSatisfying(OwnershipTransferred.class, e -> {
      assertThat(e.previousOwner().isZero()).isTrue();
      assertThat(e.newOwner()).isEqualTo(ownerAddr);
    });
    assertThat(kmsEvents).anySatisfy(e -> assertThat(e).isInstanceOf(KmsEvent.AppImplementationSet.class));
    assertThat(kmsEvents).contains(
        new KmsEvent.KmsInfoSet(kmsEvents.stream().filter(e -> e instanceof KmsEvent.KmsInfoSet).findFirst().orElseThrow().position(),
            "0x02" + "11".repeat(32)));
    assertThat(kmsEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(KmsEvent.AllowlistChanged.class, c -> {
      assertThat(c.allowlist()).isEqualTo(Allowlist.OS_IMAGE);
      assertThat(c.value()).isEqualTo(OS);
      assertThat(c.added()).isTrue();
    }));
    List<KmsEvent> forApp = kmsEvents.stream()
        .filter(e -> (e instanceof KmsEvent.AppRegistered r && r.appId().equals(deployed.appId()))
            || (e instanceof KmsEvent.AppDeployedViaFactory f && f.appId().equals(deployed.appId())))
        .toList();
    assertThat(forApp).hasSize(2);
    assertThat(forApp.get(0)).isInstanceOf(KmsEvent.AppRegistered.class);
    assertThat(forApp.get(1)).isInstanceOf(KmsEvent.AppDeployedViaFactory.class);
    assertThat(forApp.get(1).position().transactionHash()).isEqualTo(deployed.receipt().transactionHash());
    assertThat(kmsEvents).isSortedAccordingTo((x, y) -> x.position().compareTo(y.position()));

    List<AppEvent> appEvents = app.events(BlockRange.from(deployed.receipt().blockNumber())).toList();
    assertThat(appEvents).extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            "Upgraded", "OwnershipTransferred", "ComposeHashChanged", "DeviceChanged", "DeviceChanged", "DeviceChanged",
            "UpgradesDisabled");
    assertThat(appEvents.get(4)).isEqualTo(new AppEvent.DeviceChanged(appEvents.get(4).position(), b32(0xd1), true));
    assertThat(appEvents.get(5)).isEqualTo(new AppEvent.DeviceChanged(appEvents.get(5).position(), DEVICE, false));
  }

  @Test
  void appContractsAdvertiseDstacksInterfaceIds() {
    EvmAddress app = kms.deployAndRegisterApp(owner, AppDeployment.anyDevice(ownerAddr, COMPOSE)).appId();
    // IAppAuth and IAppAuthBasicManagement as dstack documents them, plus ERC-165 itself
    for (String id : List.of("1e079198", "8fd37527", "01ffc9a7")) {
      assertThat(supports(app, id)).as(id).isTrue();
    }
    assertThat(supports(app, "ffffffff")).isFalse();
    assertThat(supports(kms.address(), "1e079198")).isTrue();
  }

  boolean supports(EvmAddress contract, String interfaceId) {
    Function f =
        new Function(
            "supportsInterface",
            List.of(new org.web3j.abi.datatypes.generated.Bytes4(Hex.decode("id", interfaceId))),
            List.of(new org.web3j.abi.TypeReference<org.web3j.abi.datatypes.Bool>() {}));
    return ((org.web3j.abi.datatypes.Bool) chain.call(contract, f, BlockRef.latest()).get(0)).getValue();
  }
}

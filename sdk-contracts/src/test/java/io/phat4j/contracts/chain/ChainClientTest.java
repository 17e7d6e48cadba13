package io.phat4j.contracts.chain;

import static io.phat4j.contracts.chain.TestChain.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.testkit.anvil.AnvilExtension;
import io.phat4j.testkit.anvil.AnvilNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.utils.Numeric;

@ExtendWith(AnvilExtension.class)
class ChainClientTest {
  static final CustomError UNAUTHORIZED =
      new CustomError("OwnableUnauthorizedAccount", List.of(new TypeReference<Address>() {}));

  static Function owner() {
    return new Function("owner", List.of(), List.of(new TypeReference<Address>() {}));
  }

  static Function allowed(byte[] composeHash) {
    return new Function("allowedComposeHashes", List.of(new Bytes32(composeHash)), List.of(new TypeReference<Bool>() {}));
  }

  static byte[] addComposeHash(byte[] h) {
    return Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("addComposeHash", List.of(new Bytes32(h)), List.of())));
  }

  @Test
  void readsChainIdHeadCodeAndTypedViews(AnvilNode node) {
    try (ChainClient chain = TestChain.client(node)) {
      EvmAddress app = TestChain.app(node, node.account(0), fill(1), fill(2));
      assertThat(chain.chainId()).isEqualTo(31337);
      assertThat(chain.blockNumber()).isEqualTo(node.blockNumber());
      assertThat(chain.code(app, BlockRef.latest())).isNotEmpty();
      List<Type<?>> out = chain.call(app, owner(), BlockRef.latest());
      assertThat(EvmAddress.fromAbi((Address) out.get(0)).toString()).isEqualTo(node.account(0).address());
      assertThat(chain.call(app, allowed(fill(1)), BlockRef.latest()).get(0)).isEqualTo(new Bool(true));
      assertThat(chain.call(app, allowed(fill(3)), BlockRef.latest()).get(0)).isEqualTo(new Bool(false));
    }
  }

  @Test
  void anEmptyReplyFromAnAddressWithoutCodeIsNoContract(AnvilNode node) {
    try (ChainClient chain = TestChain.client(node)) {
      EvmAddress nobody = EvmAddress.fromHex("0x00000000000000000000000000000000000000aa");
      assertThatThrownBy(() -> chain.call(nobody, owner(), BlockRef.latest()))
          .isInstanceOfSatisfying(NoContractException.class, e -> assertThat(e.address()).isEqualTo(nobody))
          .hasMessageContaining("no contract at 0x00000000000000000000000000000000000000aa");
      // before the deployment, the same address had no code either
      long before = chain.blockNumber();
      EvmAddress app = TestChain.app(node, node.account(0), fill(1), fill(2));
      assertThatThrownBy(() -> chain.call(app, owner(), BlockRef.number(before)))
          .isInstanceOf(NoContractException.class);
    }
  }

  @Test
  void aTransactionRoundTripsAndANonOwnerWriteRevertsWithTheDecodedCustomError(AnvilNode node) {
    try (ChainClient chain = TestChain.client(node)) {
      EvmAddress app = TestChain.app(node, node.account(0), fill(1), fill(2));
      TxReceipt receipt = chain.transact(TestChain.signer(node, node.account(0)), app, addComposeHash(fill(7)), List.of(UNAUTHORIZED));
      assertThat(receipt.success()).isTrue();
      assertThat(receipt.from().toString()).isEqualTo(node.account(0).address());
      assertThat(receipt.to()).isEqualTo(app);
      assertThat(receipt.logs()).isNotEmpty();
      assertThat(chain.receipt(receipt.transactionHash())).contains(receipt);
      assertThat(chain.call(app, allowed(fill(7)), BlockRef.latest()).get(0)).isEqualTo(new Bool(true));

      long head = chain.blockNumber();
      assertThatThrownBy(() -> chain.transact(TestChain.signer(node, node.account(4)), app, addComposeHash(fill(8)), List.of(UNAUTHORIZED)))
          .isInstanceOfSatisfying(
              ContractRevertedException.class,
              e -> {
                assertThat(e.isError("OwnableUnauthorizedAccount")).isTrue();
                assertThat(e.error().arguments()).containsExactly(new Address(node.account(4).address()));
                assertThat(e.selector()).isEqualTo(UNAUTHORIZED.selector());
                assertThat(e.contract()).isEqualTo(app);
                assertThat(e.transactionHash()).isNull(); // caught by the simulation, never sent
              })
          .hasMessageContaining("OwnableUnauthorizedAccount(" + node.account(4).address());
      assertThat(chain.blockNumber()).isEqualTo(head);
    }
  }

  @Test
  void aRevertWithAnUnknownCustomErrorKeepsTheSelectorAndRawData(AnvilNode node) {
    try (ChainClient chain = TestChain.client(node)) {
      EvmAddress app = TestChain.app(node, node.account(0), fill(1), fill(2));
      assertThatThrownBy(() -> chain.transact(TestChain.signer(node, node.account(4)), app, addComposeHash(fill(8)), List.of()))
          .isInstanceOfSatisfying(
              ContractRevertedException.class,
              e -> {
                assertThat(e.error()).isNull();
                assertThat(e.reason()).isNull();
                assertThat(e.selector()).isEqualTo(UNAUTHORIZED.selector());
                assertThat(e.revertData()).hasSize(4 + 32);
              })
          .hasMessageContaining("unknown error " + UNAUTHORIZED.selector());
    }
  }

  @Test
  void aRequireReasonIsDecoded(AnvilNode node) {
    try (ChainClient chain = TestChain.client(node)) {
      EvmAddress kms =
          TestChain.proxy(
              node,
              TestChain.KMS,
              new Function("initialize", List.of(new Address(node.account(0).address()), new Address(EvmAddress.ZERO.toString())), List.of()));
      byte[] registerZero =
          Numeric.hexStringToByteArray(
              FunctionEncoder.encode(new Function("registerApp", List.of(new Address(EvmAddress.ZERO.toString())), List.of())));
      assertThatThrownBy(() -> chain.call(kms, registerZero, BlockRef.latest(), List.of()))
          .isInstanceOfSatisfying(ContractRevertedException.class, e -> assertThat(e.reason()).isEqualTo("Invalid app ID"))
          .hasMessageEndingWith("reverted: Invalid app ID");
    }
  }

  @Test
  void storageSlotsReadTheErc1967ImplementationSlot(AnvilNode node) {
    try (ChainClient chain = TestChain.client(node)) {
      EvmAddress app = TestChain.app(node, node.account(0), fill(1), fill(2));
      // keccak256("eip1967.proxy.implementation") - 1
      io.phat4j.core.Bytes32 slot =
          io.phat4j.core.Bytes32.fromHex("360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc");
      byte[] value = chain.storageAt(app, slot, BlockRef.latest()).toByteArray();
      EvmAddress impl = EvmAddress.of(java.util.Arrays.copyOfRange(value, 12, 32));
      assertThat(chain.code(impl, BlockRef.latest())).isNotEmpty();
      assertThat(impl).isNotEqualTo(app);
    }
  }

  @Test
  void anUnreachableNodeIsATransportError() {
    try (ChainClient chain = ChainClient.builder().rpcUrl("http://127.0.0.1:1").build()) {
      assertThatThrownBy(chain::blockNumber).isInstanceOf(PhalaTransportException.class).hasMessageContaining("eth_blockNumber");
    }
  }

  @Test
  void builderRejectsBadInput() {
    assertThatThrownBy(() -> ChainClient.builder().build()).isInstanceOf(io.phat4j.core.InvalidInputException.class);
    assertThatThrownBy(() -> ChainClient.builder().rpcUrl("ftp://x")).isInstanceOf(io.phat4j.core.InvalidInputException.class);
    assertThatThrownBy(() -> EvmAddress.fromHex("0x1234")).isInstanceOf(DecodeException.class);
  }
}

package io.phat4j.contracts.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollupCalldataTest {
  private static final EvmAddress ATTESTOR = EvmAddress.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  private static final EvmAddress ANCHOR = EvmAddress.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3");

  static RollupBatch sampleBatch() {
    byte[] head = "q/_head".getBytes(StandardCharsets.US_ASCII);
    return new RollupBatch(
        List.of(new RollupEntry(head, RollupQueueKeys.uint32Value(3))),
        List.of(new RollupEntry("k".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 2, 3})),
        List.of(
            RollupAction.reply(new byte[] {9, 8, 7}),
            RollupAction.setQueueHead(4),
            RollupAction.grantAttestor(ATTESTOR),
            RollupAction.revokeAttestor(ATTESTOR),
            RollupAction.parse(new byte[] {(byte) 200, 1})));
  }

  @Test
  void selectorsAreTheSolidityOnes() {
    // keccak256("rollupU256CondEq(bytes[],bytes[],bytes[],bytes[],bytes[])")[0:4] and
    // keccak256("metaTxRollupU256CondEq((address,uint256,bytes),bytes)")[0:4], from solc's
    // methodIdentifiers for the compiled anchor.
    assertThat(Hex.encode(RollupCalldata.rollupSelector())).isEqualTo(RollupAbiFixture.ROLLUP_SELECTOR);
    assertThat(Hex.encode(RollupCalldata.metaTxSelector())).isEqualTo(RollupAbiFixture.META_TX_SELECTOR);
  }

  @Test
  void directCallRoundTrips() {
    RollupBatch batch = sampleBatch();
    RollupCall call = RollupCalldata.decode(RollupCalldata.encodeRollup(batch));
    assertThat(call).isInstanceOf(RollupCall.Direct.class);
    assertThat(call.batch()).isEqualTo(batch);
    List<RollupAction> actions = call.batch().actions();
    assertThat(actions).extracting(RollupAction::type).containsExactly(
        RollupActionType.REPLY, RollupActionType.SET_QUEUE_HEAD, RollupActionType.GRANT_ATTESTOR,
        RollupActionType.REVOKE_ATTESTOR, RollupActionType.UNKNOWN);
    assertThat(actions.get(1).queueHeadTarget()).isEqualTo(4);
    assertThat(actions.get(2).attestorAddress()).isEqualTo(ATTESTOR);
    assertThat(actions.get(4).code()).isEqualTo(200);
    assertThat(actions.get(4).payload()).containsExactly(1);
  }

  @Test
  void metaTxCallRoundTrips() {
    Secp256k1PrivateKey key = Secp256k1PrivateKey.fromHex(
        "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    RollupBatch batch = sampleBatch();
    ForwardRequest req = new ForwardRequest(MetaTxSignatures.addressOf(key), BigInteger.valueOf(7),
        RollupCalldata.encodeBatch(batch));
    byte[] sig = MetaTxSignatures.sign(key, 31337, ANCHOR, req);
    RollupCall call = RollupCalldata.decode(RollupCalldata.encodeMetaTx(req, sig));
    assertThat(call).isInstanceOf(RollupCall.MetaTx.class);
    RollupCall.MetaTx meta = (RollupCall.MetaTx) call;
    assertThat(meta.request()).isEqualTo(req);
    assertThat(meta.signature()).isEqualTo(sig);
    assertThat(meta.batch()).isEqualTo(batch);
    assertThat(MetaTxSignatures.recover(31337, ANCHOR, req, sig))
        .isEqualTo(ATTESTOR);
    // Another chain id or contract gives another digest, so another signer.
    assertThat(MetaTxSignatures.recover(1, ANCHOR, req, sig))
        .isNotEqualTo(ATTESTOR);
  }

  @Test
  void unknownSelectorIsNamed() {
    assertThatThrownBy(() -> RollupCalldata.decode(new byte[] {1, 2, 3, 4, 0}))
        .isInstanceOf(DecodeException.class)
        .satisfies(e -> assertThat(((DecodeException) e).field()).isEqualTo("selector"));
    assertThatThrownBy(() -> RollupCalldata.decode(new byte[] {1, 2}))
        .isInstanceOf(DecodeException.class);
  }

  @Test
  void truncatedInputNamesTheField() {
    byte[] good = RollupCalldata.encodeRollup(sampleBatch());
    DecodeException e = (DecodeException) catchDecode(Arrays.copyOf(good, 4 + 32 * 3));
    // The head survives but condKeys' offset now points past the end.
    assertThat(e.field()).isEqualTo("condKeys");
    assertThat(e.offset()).isEqualTo(4);
  }

  @Test
  void hugeLengthIsRejectedWithoutAllocating() {
    byte[] good = RollupCalldata.encodeRollup(sampleBatch());
    byte[] bad = good.clone();
    int condKeysAt = 4 + new BigInteger(1, Arrays.copyOfRange(good, 4, 36)).intValueExact();
    Arrays.fill(bad, condKeysAt, condKeysAt + 32, (byte) 0xff);
    DecodeException e = (DecodeException) catchDecode(bad);
    assertThat(e.field()).isEqualTo("condKeys.length");
    assertThat(e.offset()).isEqualTo(condKeysAt);
  }

  @Test
  void mismatchedConditionLengthsAreRejected() {
    byte[] good = RollupCalldata.encodeRollup(new RollupBatch(List.of(), List.of(), List.of()));
    // Point condValues at the actions array's... simpler: build with web3j-encoded unequal arrays.
    RollupBatch oneCond = new RollupBatch(
        List.of(new RollupEntry(new byte[] {1}, new byte[0])), List.of(), List.of());
    byte[] enc = RollupCalldata.encodeRollup(oneCond);
    // condValues' head word now points at updateKeys' (empty) array.
    System.arraycopy(enc, 4 + 64, enc, 4 + 32, 32);
    DecodeException e = (DecodeException) catchDecode(enc);
    assertThat(e.field()).isEqualTo("condValues");
    assertThat(good.length).isGreaterThan(4);
  }

  @Test
  void randomCorruptionNeverEscapesAsAnotherException() {
    Random random = new Random(42);
    byte[][] seeds = {
      RollupCalldata.encodeRollup(sampleBatch()),
      RollupCalldata.encodeMetaTx(
          new ForwardRequest(ATTESTOR, BigInteger.TEN, RollupCalldata.encodeBatch(sampleBatch())), new byte[65])
    };
    int decoded = 0;
    int rejected = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] input = seeds[round % 2].clone();
      int edits = 1 + random.nextInt(4);
      for (int i = 0; i < edits; i++) {
        int at = 4 + random.nextInt(input.length - 4);
        input[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : 0xff);
      }
      if (random.nextInt(5) == 0) {
        input = Arrays.copyOf(input, 4 + random.nextInt(input.length - 4));
      }
      try {
        RollupCalldata.decode(input);
        decoded++;
      } catch (DecodeException e) {
        rejected++;
      }
    }
    assertThat(rejected).isPositive();
    assertThat(decoded + rejected).isEqualTo(3000);
  }

  private static Throwable catchDecode(byte[] input) {
    try {
      RollupCalldata.decode(input);
    } catch (DecodeException e) {
      return e;
    }
    throw new AssertionError("decoded malformed input");
  }
}

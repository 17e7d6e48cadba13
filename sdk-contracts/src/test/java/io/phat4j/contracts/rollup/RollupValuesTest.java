package io.phat4j.contracts.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;

class RollupValuesTest {

  @Test
  void queueKeysAndValuesFollowTheAnchorsLayout() {
    assertThat(new String(RollupQueueKeys.head(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("q/_head");
    byte[] item = RollupQueueKeys.item(258);
    assertThat(item).hasSize(34);
    assertThat(item[32]).isEqualTo((byte) 1);
    assertThat(item[33]).isEqualTo((byte) 2);
    assertThat(RollupQueueKeys.readUint32(new byte[0])).isZero();
    assertThat(RollupQueueKeys.readUint32(RollupQueueKeys.uint32Value(4_294_967_295L))).isEqualTo(4_294_967_295L);
    assertThatThrownBy(() -> RollupQueueKeys.readUint32(new byte[31])).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> RollupQueueKeys.uint32Value(1L << 32)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void actionPayloadsAreReadStrictly() {
    byte[] dirty = RollupQueueKeys.uint32Value(5);
    dirty[3] = 1; // above the uint32 range: Solidity's abi.decode rejects it too
    RollupAction head = RollupAction.parse(concat(new byte[] {1}, dirty));
    assertThat(head.type()).isEqualTo(RollupActionType.SET_QUEUE_HEAD);
    assertThatThrownBy(head::queueHeadTarget)
        .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.offset()).isEqualTo(3));
    RollupAction shortGrant = RollupAction.parse(new byte[] {10, 1, 2});
    assertThatThrownBy(shortGrant::attestorAddress).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> RollupAction.reply(new byte[0]).attestorAddress()).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> RollupAction.parse(new byte[0])).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new RollupAction(RollupActionType.REPLY, 1, new byte[0]))
        .isInstanceOf(InvalidInputException.class);
    assertThat(RollupActionType.ofWireName("revoke_attestor")).isEqualTo(RollupActionType.REVOKE_ATTESTOR);
    assertThat(RollupActionType.ofCode(11)).isEqualTo(RollupActionType.REVOKE_ATTESTOR);
    assertThat(RollupActionType.ofCode(2)).isEqualTo(RollupActionType.UNKNOWN);
  }

  @Test
  void keySignatureChainRecoversTheRootAndRejectsGarbage() {
    Secp256k1PrivateKey root = Secp256k1PrivateKey.generate();
    Secp256k1PrivateKey app = Secp256k1PrivateKey.generate();
    Secp256k1PrivateKey derived = Secp256k1PrivateKey.generate();
    AppId appId = AppId.fromHex("b029e5c8b6869ae35764ea84b779c151688d669e");
    byte[] sig0 = sign(app, KeySignatureChain.appMessage("p", derived.publicKey()));
    byte[] sig1 = sign(root, KeySignatureChain.kmsMessage(appId, app.publicKey()));
    KeySignatureChain chain = KeySignatureChain.of("p", derived.publicKey(), appId, List.of(sig0, sig1));
    assertThat(chain.recoverAppKey()).isEqualTo(app.publicKey());
    assertThat(chain.recoverKmsRoot()).isEqualTo(root.publicKey());
    assertThat(chain.derivedAddress()).isEqualTo(MetaTxSignatures.addressOf(derived));
    // Another purpose or app id leads to another (wrong) root, never to an exception.
    assertThat(KeySignatureChain.of("q", derived.publicKey(), appId, List.of(sig0, sig1)).recoverKmsRoot())
        .isNotEqualTo(root.publicKey());

    byte[] badV = sig0.clone();
    badV[64] = 9;
    assertThatThrownBy(() -> KeySignatureChain.of("p", derived.publicKey(), appId, List.of(badV, sig1)).recoverAppKey())
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> KeySignatureChain.of("p", derived.publicKey(), appId, List.of(new byte[64], sig1))
        .recoverKmsRoot()).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> KeySignatureChain.of("p", derived.publicKey(), appId, List.of(new byte[65], sig1))
        .recoverKmsRoot()).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> KeySignatureChain.of("p", derived.publicKey(), appId, List.of(sig0)))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void metaTxSignaturesFollowTheAnchorsRules() {
    Secp256k1PrivateKey key = Secp256k1PrivateKey.generate();
    EvmAddress anchor = EvmAddress.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    ForwardRequest req = new ForwardRequest(MetaTxSignatures.addressOf(key), BigInteger.ONE, new byte[] {1});
    byte[] sig = MetaTxSignatures.sign(key, 1, anchor, req);
    assertThat(sig[64] & 0xff).isIn(27, 28);
    assertThat(MetaTxSignatures.recover(1, anchor, req, sig)).isEqualTo(req.from());
    byte[] zeroOne = sig.clone();
    zeroOne[64] -= 27; // the anchor's ECDSA accepts only 27/28
    assertThatThrownBy(() -> MetaTxSignatures.recover(1, anchor, req, zeroOne)).isInstanceOf(CryptoException.class);
    byte[] highS = sig.clone();
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
    byte[] flipped = org.web3j.utils.Numeric.toBytesPadded(Sign.CURVE_PARAMS.getN().subtract(s), 32);
    System.arraycopy(flipped, 0, highS, 32, 32);
    assertThatThrownBy(() -> MetaTxSignatures.recover(1, anchor, req, highS)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> MetaTxSignatures.recover(1, anchor, req, new byte[10])).isInstanceOf(CryptoException.class);
    ForwardRequest notMine = new ForwardRequest(anchor, BigInteger.ONE, new byte[0]);
    assertThatThrownBy(() -> MetaTxSignatures.sign(key, 1, anchor, notMine)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void exampleConsumerPayloadHashing() {
    byte[] payload = RollupFixture.replyPayload(7, "42".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(PayloadHasher.EXAMPLE_CONSUMER.resultHash(payload))
        .isEqualTo(Bytes32.of(Hash.sha3("42".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    assertThatThrownBy(() -> PayloadHasher.EXAMPLE_CONSUMER.resultHash(new byte[] {1, 2, 3}))
        .isInstanceOf(DecodeException.class);
  }

  private static byte[] sign(Secp256k1PrivateKey key, byte[] message) {
    Sign.SignatureData s = Sign.signMessage(Hash.sha3(message), ECKeyPair.create(key.secret().revealBytes()), false);
    byte[] out = new byte[65];
    System.arraycopy(s.getR(), 0, out, 0, 32);
    System.arraycopy(s.getS(), 0, out, 32, 32);
    out[64] = (byte) (s.getV()[0] - 27);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

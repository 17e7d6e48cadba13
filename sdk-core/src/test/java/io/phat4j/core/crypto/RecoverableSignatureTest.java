package io.phat4j.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class RecoverableSignatureTest {
  private static final Secp256k1PrivateKey KEY =
      Secp256k1PrivateKey.fromHex("0303030303030303030303030303030303030303030303030303030303030303");

  @Test
  void signsDeterministicallyWithLowSAndRecoversTheSigner() {
    byte[] digest = Hash.sha3("message".getBytes());
    RecoverableSignature sig = RecoverableSignature.sign(KEY, digest);

    assertThat(RecoverableSignature.sign(KEY, digest)).isEqualTo(sig);
    assertThat(sig.isLowS()).isTrue();
    assertThat(sig.toBytes()[64]).isIn((byte) 0, (byte) 1);
    assertThat(sig.recover(digest)).isEqualTo(KEY.publicKey());
    assertThat(sig.recover(Hash.sha3("other".getBytes()))).isNotEqualTo(KEY.publicKey());
  }

  @Test
  void ethereumStyleRecoveryBytesMeanTheSameId() {
    byte[] digest = Hash.sha3("message".getBytes());
    byte[] bytes = RecoverableSignature.sign(KEY, digest).toBytes();
    bytes[64] += 27;

    RecoverableSignature eth = RecoverableSignature.of(bytes);
    assertThat(eth.recover(digest)).isEqualTo(KEY.publicKey());
    assertThat(eth.toBytes()[64]).isEqualTo(bytes[64]);
  }

  @Test
  void malformedSignaturesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> RecoverableSignature.of(new byte[64]))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("65 bytes");
    byte[] zero = new byte[65];
    assertThatThrownBy(() -> RecoverableSignature.of(zero)).hasMessageContaining("out of range");
    byte[] badV = Hex.decode("s", "01".repeat(64) + "04");
    assertThatThrownBy(() -> RecoverableSignature.of(badV)).hasMessageContaining("got 4");
    RecoverableSignature sig = RecoverableSignature.of(Hex.decode("s", "01".repeat(64) + "00"));
    assertThatThrownBy(() -> sig.recover(new byte[31])).hasMessageContaining("32 bytes");
  }
}

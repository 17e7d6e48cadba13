package io.phat4j.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.crypto.X25519PrivateKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

class KeyAnnouncementTest {

  @Test
  void roundTripsAndDerivesTheEthereumAddress() {
    Secp256k1PrivateKey attestor = Secp256k1PrivateKey.generate();
    byte[] sig0 = new byte[65];
    byte[] sig1 = new byte[65];
    Arrays.fill(sig0, (byte) 1);
    Arrays.fill(sig1, (byte) 2);
    KeyAnnouncement a = new KeyAnnouncement(attestor.publicKey(), sig0, sig1, X25519PrivateKey.generate().publicKey());

    KeyAnnouncement back = KeyAnnouncement.decode(a.encode());

    assertThat(back).isEqualTo(a);
    assertThat(a.encode()).hasSize(195);
    String expected = Credentials.create(io.phat4j.core.Hex.encode(attestor.secret().revealBytes())).getAddress();
    assertThat(back.attestor().toString()).isEqualTo(expected);
  }

  @Test
  void rejectsAPayloadOfTheWrongLength() {
    assertThatThrownBy(() -> KeyAnnouncement.decode(new byte[194]))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("194");
  }

  @Test
  void rejectsAnInvalidKeyEncoding() {
    assertThatThrownBy(() -> KeyAnnouncement.decode(new byte[195])).isInstanceOf(io.phat4j.core.PhalaException.class);
  }
}

package io.phat4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FixedBytesTest {
  private static final String APP = "ea549f02e1a25fabd1cb788380e033ec5461b2ff";

  @Test
  void fromHex_rightLength_roundTrips() {
    AppId id = AppId.fromHex("0x" + APP.toUpperCase());
    assertThat(id.hex()).isEqualTo(APP);
    assertThat(id.toString()).isEqualTo(APP);
    assertThat(id.length()).isEqualTo(20);
    assertThat(Bytes32.fromHex("11".repeat(32)).length()).isEqualTo(32);
    assertThat(Measurement.fromHex("22".repeat(48)).length()).isEqualTo(48);
  }

  @Test
  void of_wrongLength_namesTheType() {
    assertThatThrownBy(() -> Measurement.of(new byte[47]))
        .isInstanceOf(DecodeException.class)
        .hasMessage("measurement: must be 48 bytes, got 47");
    assertThatThrownBy(() -> Bytes32.fromHex("compose_hash", "00"))
        .hasMessageStartingWith("compose_hash: must be 32 bytes");
  }

  @Test
  void valuesAreImmutable_copiesInAndOut() {
    byte[] raw = new byte[32];
    Bytes32 v = Bytes32.of(raw);
    raw[0] = 1;
    assertThat(v.toByteArray()[0]).isZero();
    v.toByteArray()[1] = 1;
    assertThat(v.toByteArray()[1]).isZero();
  }

  @Test
  void equals_sameTypeAndBytes_only() {
    assertThat(AppId.fromHex(APP)).isEqualTo(AppId.fromHex(APP)).hasSameHashCodeAs(AppId.fromHex(APP));
    assertThat(AppId.fromHex(APP)).isNotEqualTo(AppId.fromHex("00".repeat(20)));
    // Same bytes, other meaning: not equal.
    assertThat((Object) Bytes32.of(new byte[32])).isNotEqualTo(Bytes32.of(new byte[32]).toByteArray());
    assertThat(AppId.fromHex(APP).contentEquals(Hex.decode("x", APP))).isTrue();
  }
}

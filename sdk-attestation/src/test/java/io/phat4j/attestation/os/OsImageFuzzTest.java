package io.phat4j.attestation.os;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.core.PhalaException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the OS-image inputs: the VM config parser, the measurement CBOR decoder, and the whole
 * lite check with a fuzzed VM config against the genuine event log and quote registers (which
 * must never throw and must never pass for a config other than one measuring to those registers).
 * Seeds are the genuine fixtures (src/test/resources/io/phat4j/attestation/os/OsImageFuzzTestInputs).
 */
class OsImageFuzzTest {
  private static final OsFixtures.Fixture GENUINE = OsFixtures.load(OsFixtures.GETQUOTE);
  private static final OsImageVerifier VERIFIER = OsImageVerifier.create();

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void vmConfig(FuzzedDataProvider data) {
    try {
      VmConfig vm = VmConfig.parse(data.consumeRemainingAsBytes());
      VmConfig again = VmConfig.parse(vm.toJsonString());
      assertThat(again.shape()).isEqualTo(vm.shape());
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void measurement(FuzzedDataProvider data) {
    try {
      TdxOsImageMeasurement m = TdxOsImageMeasurement.decode(data.consumeRemainingAsBytes());
      assertThat(TdxOsImageMeasurement.decode(m.toCbor())).isEqualTo(m);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void verify(FuzzedDataProvider data) {
    VmConfig vm;
    try {
      vm = VmConfig.parse(data.consumeRemainingAsBytes());
    } catch (PhalaException expected) {
      return;
    }
    OsImageCheck check = VERIFIER.verify(vm, GENUINE.eventLog(), GENUINE.quoted());
    assertThat(check.passed()).isEqualTo(check.reason() == null);
    if (check.passed()) {
      assertThat(check.expected()).isEqualTo(GENUINE.quoted());
    }
  }
}

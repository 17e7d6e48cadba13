package io.phat4j.core.offchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.InvalidInputException;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractContextTest {
  private static DstackGuestClient guest() {
    return DstackGuestClient.builder().endpoint("http://127.0.0.1:9").build();
  }

  @Test
  void env_valuesAreSecrets_namesAreListed_andMissingRequiredNamesTheVariable() {
    try (DstackGuestClient guest = guest()) {
      ContractContext ctx = ContractContext.of(Map.of("API_TOKEN", "tok-very-secret"), guest, URI.create("http://127.0.0.1:8545"));
      assertThat(ctx.envNames()).containsExactly("API_TOKEN");
      assertThat(ctx.requireEnv("API_TOKEN").reveal()).isEqualTo("tok-very-secret");
      assertThat(ctx.env("OTHER")).isNull();
      assertThat(ctx.toString()).contains("API_TOKEN").doesNotContain("tok-very-secret");
      assertThatThrownBy(() -> ctx.requireEnv("OTHER")).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("OTHER").hasMessageContaining("allowed_envs");
      assertThat(ctx.chainRpcUrl()).isEqualTo(URI.create("http://127.0.0.1:8545"));
    }
  }

  @Test
  void stop_isSeenByWaitersAndPollers() throws InterruptedException {
    try (DstackGuestClient guest = guest()) {
      ContractContext ctx = ContractContext.of(Map.of(), guest, null);
      assertThat(ctx.stopRequested()).isFalse();
      assertThat(ctx.awaitStop(Duration.ofMillis(1))).isFalse();
      Thread.ofVirtual().start(ctx::requestStop);
      assertThat(ctx.awaitStop(Duration.ofMinutes(1))).isTrue();
      assertThat(ctx.stopRequested()).isTrue();
    }
  }
}

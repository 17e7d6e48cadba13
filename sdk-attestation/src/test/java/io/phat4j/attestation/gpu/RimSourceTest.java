package io.phat4j.attestation.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RimSourceTest {

  @Test
  void caching_secondLookup_servedWithoutDelegate() {
    AtomicInteger calls = new AtomicInteger();
    RimSource online = id -> {
      calls.incrementAndGet();
      return id.equals("A") ? Optional.of(new byte[] {1, 2}) : Optional.empty();
    };
    RimSource cached = RimSource.caching(online);

    assertThat(cached.find("A")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
    assertThat(cached.find("A")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
    assertThat(calls).hasValue(1);
  }

  @Test
  void caching_miss_notCached() {
    AtomicInteger calls = new AtomicInteger();
    RimSource cached = RimSource.caching(id -> {
      calls.incrementAndGet();
      return Optional.empty();
    });

    assertThat(cached.find("B")).isEmpty();
    assertThat(cached.find("B")).isEmpty();
    assertThat(calls).hasValue(2);
  }

  @Test
  void of_returnsCopies_callerCannotChangeStoredRim() {
    byte[] rim = {7};
    RimSource s = RimSource.of(Map.of("X", rim));
    rim[0] = 8;
    s.find("X").orElseThrow()[0] = 9;

    assertThat(s.find("X")).hasValueSatisfying(b -> assertThat(b).containsExactly(7));
    assertThat(RimSource.none().find("X")).isEmpty();
  }
}

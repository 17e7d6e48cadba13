package io.phat4j.testkit.anvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Runs a small test class through the JUnit launcher to see the extension start and stop its node. */
class AnvilExtensionLifecycleTest {
  static final List<AnvilNode> SEEN = new ArrayList<>();

  @Test
  void oneNodePerClassInjectedEverywhereAndStoppedAfterTheClass() {
    SEEN.clear();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class)).build(), summary);

    assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(2);
    assertThat(summary.getSummary().getTotalFailureCount()).isZero();
    // beforeAll + two tests + the constructor of each test instance
    assertThat(SEEN).hasSize(5);
    assertThat(SEEN).allSatisfy(n -> assertThat(n).isSameAs(SEEN.get(0)));
    assertThat(SEEN.get(0).isRunning()).isFalse();
  }

  /** Not run on its own: the launcher above runs it (surefire skips nested classes by default). */
  @ExtendWith(AnvilExtension.class)
  static class Sample {
    Sample(AnvilNode node) {
      SEEN.add(node);
    }

    @BeforeAll
    static void before(AnvilNode node) {
      SEEN.add(node);
    }

    @Test
    void first(AnvilNode node) {
      SEEN.add(node);
      assertThat(node.isRunning()).isTrue();
    }

    @Test
    void second(AnvilNode node) {
      SEEN.add(node);
      assertThat(node.blockNumber()).isNotNegative();
    }
  }
}

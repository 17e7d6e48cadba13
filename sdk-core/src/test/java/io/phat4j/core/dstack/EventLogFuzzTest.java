package io.phat4j.core.dstack;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.core.PhalaException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Fuzzes the dstack event log reader, RTMR replay and the runtime-event view, and app-compose parsing. */
class EventLogFuzzTest {
  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parseAndReplay(FuzzedDataProvider data) {
    try {
      EventLog log = EventLog.parse(data.consumeRemainingAsBytes());
      log.replay();
      DstackRuntimeEvents events = log.runtimeEvents();
      events.appId();
      events.composeHash();
      events.instanceId();
      events.keyProvider();
      events.osImageHash();
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void appCompose(FuzzedDataProvider data) {
    try {
      AppCompose compose = AppCompose.parse(data.consumeRemainingAsBytes());
      compose.appId();
      compose.canonicalComposeHash(true);
      compose.manifestVersion();
      compose.name();
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}

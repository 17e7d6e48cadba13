package io.phat4j.core.crypto;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.core.PhalaException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Fuzzes dotenv parsing: a list of variables or an {@link io.phat4j.core.InvalidInputException}. */
class DotEnvFuzzTest {
  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parse(FuzzedDataProvider data) {
    try {
      DotEnv.parse(new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}

package io.phat4j.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import io.phat4j.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScoringModelTest {
  private final ScoringModel model = ScoringModel.parse("income_k=1.9,debt_ratio=-210,late_payments=-38", "680");

  @Test
  void scoresLinearlyFromTheBaseAndDecidesAgainstTheCutoff() {
    // 600 + 1.9*84 - 210*0.31 - 38*1 = 656.5 -> 657, below 680
    String result = new String(model.score(7, Quickstart.APPLICANT.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
    assertThat(result).isEqualTo("{\"request\":7,\"score\":657,\"decision\":\"declined\"}");
  }

  @Test
  void clampsToTheScoreRange() {
    String result = new String(model.score(1, "{\"income_k\":100000}".getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
    assertThat(result).contains("\"score\":850");
  }

  @Test
  void rejectsInputThatIsNotAJsonObject() {
    assertThatThrownBy(() -> model.score(1, "[1,2]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> model.score(1, "{".getBytes(StandardCharsets.UTF_8))).isInstanceOf(DecodeException.class);
  }

  @Test
  void malformedSecretsFailWithoutRepeatingThem() {
    assertThatThrownBy(() -> ScoringModel.parse("income_k=abc-secret", "680"))
        .isInstanceOf(InvalidInputException.class)
        .message().doesNotContain("abc-secret");
    assertThatThrownBy(() -> ScoringModel.parse("income_k=1", "six-eighty"))
        .isInstanceOf(InvalidInputException.class)
        .message().doesNotContain("six-eighty");
    assertThat(model.toString()).doesNotContain("680").doesNotContain("1.9");
  }

  @Test
  void tamperModesParseByLinkName() {
    assertThat(Tamper.parse("attestor")).isEqualTo(Tamper.ATTESTOR);
    assertThatThrownBy(() -> Tamper.parse("kms")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("quote|os-image|compose|result|attestor");
  }
}

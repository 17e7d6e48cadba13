package io.phat4j.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class DotEnvTest {
  @Test
  void parse_commentsExportQuotesAndCrlf_readsInOrder() {
    String text = "# secrets\r\nexport A=1\n\nB = two words \nC='it''s # not a comment'\nD=\"x\\ny\\\"z\\\\\"\nE=a=b\nF=\n";
    assertThat(DotEnv.parse(text))
        .containsExactly(
            EnvVar.of("A", "1"),
            EnvVar.of("B", "two words"),
            EnvVar.of("C", "it''s # not a comment"),
            EnvVar.of("D", "x\ny\"z\\"),
            EnvVar.of("E", "a=b"),
            EnvVar.of("F", ""));
  }

  @Test
  void parse_emptyText_givesNoVars() {
    assertThat(DotEnv.parse("\n# only a comment\n")).isEmpty();
  }

  @Test
  void parse_lineWithoutEquals_namesLineNotContent() {
    assertThatThrownBy(() -> DotEnv.parse("A=1\nsk-live-secret\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("line 2 is not KEY=VALUE")
        .hasMessageNotContaining("sk-live");
  }

  @Test
  void assignment_emptyKey_rejected() {
    assertThatThrownBy(() -> DotEnv.assignment("=secret", "argument 3"))
        .isInstanceOf(InvalidEnvKeyException.class)
        .hasMessage("argument 3: env key \"\" is not a valid name ([A-Za-z_][A-Za-z0-9_]*)");
  }

  @Test
  void parse_keyWithSpace_rejectedNamingLineAndKey() {
    assertThatThrownBy(() -> DotEnv.parse("A=1\nMY SECRET=x\n"))
        .isInstanceOfSatisfying(InvalidEnvKeyException.class, e -> assertThat(e.key()).isEqualTo("MY SECRET"))
        .hasMessageStartingWith("line 2: env key \"MY SECRET\"");
  }

  @Test
  void literalAssignment_keepsValueExactly() {
    for (String value : new String[] {" lead", "trail ", "'single'", "\"a\\nb\"", "", "=x=", "\"unbalanced"}) {
      assertThat(DotEnv.literalAssignment("K=" + value, "a").value().reveal()).isEqualTo(value);
    }
  }

  @Test
  void literalAssignment_keyNotTrimmed() {
    assertThatThrownBy(() -> DotEnv.literalAssignment(" K=v", "argument 1"))
        .isInstanceOf(InvalidEnvKeyException.class)
        .hasMessageStartingWith("argument 1: env key \" K\"");
    assertThatThrownBy(() -> DotEnv.literalAssignment("no-equals-secret", "argument 2"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("argument 2 is not KEY=VALUE");
  }

  @Test
  void assignment_unbalancedQuotes_keptLiterally() {
    assertThat(DotEnv.assignment("K=\"abc", "a").value().reveal()).isEqualTo("\"abc");
  }
}

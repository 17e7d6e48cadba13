package io.phat4j.cli;

import static io.phat4j.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void help_exits0AndListsEveryCommand() {
    CliRunner.Result r = run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("encrypt-env", "decrypt-env", "verify-env-key", "compose-hash", "replay-rtmr");
  }

  @Test
  void version_exits0WithProjectVersion() {
    CliRunner.Result r = run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.outTrimmed()).startsWith("phat4j ").doesNotContain("${");
  }

  @Test
  void subcommandHelp_exits0() {
    assertThat(run("replay-rtmr", "--help").exitCode()).isZero();
  }

  @Test
  void unknownCommand_exits2() {
    CliRunner.Result r = run("frobnicate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void noCommand_exits2() {
    assertThat(run().exitCode()).isEqualTo(2);
  }

  @Test
  void unknownOption_exits2() {
    assertThat(run("compose-hash", "--bogus", "x").exitCode()).isEqualTo(2);
  }

  @Test
  void strayArguments_namedByOptionOnly_neverEchoed() {
    CliRunner.Result r = run("decrypt-env", "--privat-key=sk-live-secret", "sk-live-other");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: unknown option '--privat-key'; 1 stray argument (not shown: "
        + "it may be a secret) (see 'phat4j decrypt-env --help')");
  }
}

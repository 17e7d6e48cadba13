package io.phat4j.cli;

import static io.phat4j.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Command;

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
  void versionFastPath_printsWhatPicocliPrints() {
    StringWriter picocli = new StringWriter();
    new CommandLine(CommandSpec.create().versionProvider(new CliVersion())).printVersionHelp(new PrintWriter(picocli));
    assertThat(run("--version").out()).isEqualTo(picocli.toString());
    assertThat(run("-V").out()).isEqualTo(picocli.toString());
    assertThat(run("-V").exitCode()).isZero();
  }

  @Test
  void help_listsEveryRegisteredCommandWithItsDescription() {
    CliRunner.Result r = run("--help");
    for (Subcommands.Entry e : Main.COMMANDS) {
      // The usage column wraps lines; the first words are enough to tell the description is there.
      Command command = e.type().getAnnotation(Command.class);
      // The listing shows the one-sentence header (every command has one, see HelpTest).
      String start = command.header()[0].substring(0, 20);
      assertThat(r.out()).contains(e.name()).contains(start);
    }
  }

  @Test
  void registeredNames_matchTheCommandAnnotations() {
    for (Subcommands.Entry e : Main.COMMANDS) {
      assertThat(e.type().getAnnotation(Command.class).name()).as(e.type().getName()).isEqualTo(e.name());
    }
  }

  @Test
  void commandAfterHelpOption_stillShowsRootHelp() {
    CliRunner.Result r = run("--help", "replay-rtmr");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("encrypt-env", "verify-quote");
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

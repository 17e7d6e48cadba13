package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code --help} on the tool and on every command, found from the command tree itself so that a
 * new command is checked too: a one-sentence summary per command, at most 100 columns, and lines
 * broken only between words (every word of every text appears whole in the output).
 */
class HelpTest {
  /** Every command path, e.g. ["encrypt-env"] or ["test-case", "verify"]. */
  static Stream<List<String>> commands() {
    CommandLine root = Main.commandLine(java.io.InputStream.nullInputStream());
    List<List<String>> paths = new ArrayList<>();
    collect(root, new ArrayList<>(), paths);
    return paths.stream();
  }

  private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
    for (var e : cl.getSubcommands().entrySet()) {
      List<String> path = new ArrayList<>(prefix);
      path.add(e.getKey());
      out.add(path);
      collect(e.getValue(), path, out);
    }
  }

  private static CommandSpec spec(List<String> path) {
    CommandLine cl = Main.commandLine(java.io.InputStream.nullInputStream());
    for (String name : path) {
      cl = cl.getSubcommands().get(name);
    }
    return cl.getCommandSpec();
  }

  @Test
  void toolHelp_everyCommandSummaryIsOneWholeSentence() {
    CliRunner.Result r = CliRunner.run("--help");
    assertThat(r.exitCode()).isZero();
    String flat = r.out().replaceAll("\\s+", " ");
    List<List<String>> all = commands().toList();
    assertThat(all).hasSizeGreaterThanOrEqualTo(15);
    for (List<String> path : all) {
      String[] header = spec(path).usageMessage().header();
      assertThat(header).as("%s has a header", path).hasSize(1);
      String summary = header[0];
      assertThat(summary).as("%s summary", path)
          .endsWith(".")
          .doesNotContainPattern("[.;:!?]\\s+\\S")
          .matches("[A-Z].*");
      if (path.size() == 1) {
        assertThat(flat).as("the tool's help shows the whole summary of %s", path).contains(summary);
      }
    }
    assertThat(r.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void commandHelp_fits100ColumnsAndBreaksOnlyBetweenWords(List<String> path) {
    String[] args = Stream.concat(path.stream(), Stream.of("--help")).toArray(String[]::new);
    CliRunner.Result r = CliRunner.run(args);

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().lines()).as(r.out()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
    Set<String> printed = new HashSet<>(Arrays.asList(r.out().split("\\s+")));
    for (String word : words(spec(path))) {
      assertThat(printed).as("'%s' printed whole in\n%s", word, r.out()).contains(word);
    }
  }

  /** Every whitespace-separated word of the command's header, description and argument texts. */
  private static List<String> words(CommandSpec spec) {
    List<String> texts = new ArrayList<>();
    texts.addAll(List.of(spec.usageMessage().header()));
    texts.addAll(List.of(spec.usageMessage().description()));
    for (OptionSpec o : spec.options()) {
      texts.addAll(List.of(o.description()));
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      texts.addAll(List.of(p.description()));
    }
    return texts.stream().flatMap(t -> Arrays.stream(t.strip().split("\\s+"))).filter(w -> !w.isEmpty())
        // picocli expands ${...} variables; such words are not printed as written.
        .filter(w -> !w.contains("${")).toList();
  }

}

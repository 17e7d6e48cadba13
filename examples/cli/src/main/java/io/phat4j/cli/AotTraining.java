package io.phat4j.cli;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training run for the CLI's AOT cache ({@code target/phat4j.aot}, made at package time): runs
 * several CLI calls in one JVM, so the cache holds the classes and profiles of all of them (a JDK 25
 * training run records one process).
 *
 * <p>Arguments: groups separated by {@code ;;}, each an expected exit code followed by the CLI's
 * arguments, e.g. {@code 0 --version ;; 0 test-case verify --time 1751624191 quote.bin collateral.json}.
 * Output is discarded; a call that exits otherwise than expected fails the run (exit 1), so a broken
 * jar cannot silently produce a cache of its error path.
 */
final class AotTraining {
  private AotTraining() {}

  /**
   * Runs the training calls.
   *
   * @param args groups of {@code <expected exit> <cli args...>} separated by {@code ;;}
   */
  public static void main(String[] args) {
    List<List<String>> calls = split(args);
    int failures = 0;
    for (List<String> call : calls) {
      if (call.isEmpty()) {
        continue;
      }
      int expected = Integer.parseInt(call.get(0));
      String[] cliArgs = call.subList(1, call.size()).toArray(String[]::new);
      PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
      int code = Main.run(cliArgs, new ByteArrayInputStream(new byte[0]), discard, discard);
      if (code != expected) {
        System.err.println("AOT training: exit " + code + " (expected " + expected + ") from phat4j "
            + String.join(" ", cliArgs));
        failures++;
      }
    }
    System.out.println("AOT training: " + calls.size() + " CLI calls, " + failures + " unexpected exit codes");
    System.exit(failures == 0 ? 0 : 1);
  }

  private static List<List<String>> split(String[] args) {
    List<List<String>> calls = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String a : Arrays.asList(args)) {
      if (a.equals(";;")) {
        calls.add(current);
        current = new ArrayList<>();
      } else {
        current.add(a);
      }
    }
    calls.add(current);
    return calls;
  }
}

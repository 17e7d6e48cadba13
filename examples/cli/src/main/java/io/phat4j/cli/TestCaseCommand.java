package io.phat4j.cli;

import picocli.CommandLine.Command;

/**
 * {@code test-case}: dcap-qvl's cross-implementation test CLI, so phat4j can run in its suite.
 */
@Command(
    name = "test-case",
    mixinStandardHelpOptions = true,
    subcommands = {TestCaseVerifyCommand.class},
    header = "Runs commands compatible with dcap-qvl's cross-implementation test_case CLI.")
final class TestCaseCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }
}

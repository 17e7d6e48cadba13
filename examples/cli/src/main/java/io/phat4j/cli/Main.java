package io.phat4j.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code phat4j} command line.
 *
 * <p>Contract shared by every command: stdout carries only the result; errors go to stderr; exit 0
 * on success, 1 when the input is rejected or invalid, 2 on a usage error or an unreadable file.
 * {@code --help} and {@code --version} exit 0.
 */
@Command(
    name = "phat4j",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description = "phat4j: the Java SDK for Phala Network, on the command line.")
public final class Main implements Runnable {
  /** Exit code for success. */
  static final int OK = 0;
  /** Exit code for rejected or invalid input. */
  static final int REJECTED = 1;
  /** Exit code for usage errors and unreadable files. */
  static final int USAGE = 2;

  /**
   * Every subcommand, in the order {@code --help} lists them. To add a command, add one line:
   * its {@code @Command} name and its class. Only the invoked command is built ({@link Subcommands}).
   */
  static final List<Subcommands.Entry> COMMANDS =
      List.of(
          new Subcommands.Entry("encrypt-env", EncryptEnvCommand.class),
          new Subcommands.Entry("decrypt-env", DecryptEnvCommand.class),
          new Subcommands.Entry("verify-env-key", VerifyEnvKeyCommand.class),
          new Subcommands.Entry("compose-hash", ComposeHashCommand.class),
          new Subcommands.Entry("replay-rtmr", ReplayRtmrCommand.class),
          new Subcommands.Entry("test-case", TestCaseCommand.class),
          new Subcommands.Entry("verify-quote", VerifyQuoteCommand.class),
          new Subcommands.Entry("bench-verify", BenchVerifyCommand.class),
          new Subcommands.Entry("deploy", DeployCommand.class),
          new Subcommands.Entry("app-attestations", AppAttestationsCommand.class),
          new Subcommands.Entry("verify-gpu-evidence", VerifyGpuEvidenceCommand.class),
          new Subcommands.Entry("verify-ai-signature", VerifyAiSignatureCommand.class),
          new Subcommands.Entry("verify-ai-report", VerifyAiReportCommand.class),
          new Subcommands.Entry("read-requests", ReadRequestsCommand.class),
          new Subcommands.Entry("read-results", ReadResultsCommand.class),
          new Subcommands.Entry("verify-app", VerifyAppCommand.class),
          new Subcommands.Entry("serve-verifier", ServeVerifierCommand.class),
          new Subcommands.Entry("fetch-attested", FetchAttestedCommand.class));

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final InputStream stdin;

  private Main(InputStream stdin) {
    this.stdin = stdin;
  }

  /** Standard input, for commands that read it. */
  InputStream stdin() {
    return stdin;
  }

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(
        run(args, System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the CLI with the given output streams and returns the exit code (for tests and embedding).
   *
   * @param args command-line arguments
   * @param stdin standard input
   * @param out where results go
   * @param err where errors go
   * @return the exit code
   */
  public static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // Answered before picocli, whose first use costs a fresh JVM about a tenth of a second:
      // the same line picocli would print (docs/performance.md).
      out.println(new CliVersion().getVersion()[0]);
      out.flush();
      return OK;
    }
    CommandLine cl = new CommandLine(new Main(stdin));
    Subcommands.register(cl, COMMANDS, args);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + describe(ex));
          commandLine.getErr().flush();
          return exitCodeOf(ex);
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static int exitCodeOf(Throwable ex) {
    // SDK exceptions (bad hex, bad signature, malformed JSON, …) mean the input was rejected.
    return ex instanceof CliException ce ? ce.exitCode() : REJECTED;
  }

  private static String describe(Throwable ex) {
    String message = ex.getMessage();
    return message == null ? ex.getClass().getSimpleName() : message;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}

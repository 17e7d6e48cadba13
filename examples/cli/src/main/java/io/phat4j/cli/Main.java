package io.phat4j.cli;

import java.io.InputStream;
import io.phat4j.core.PhalaException;
import java.io.PrintWriter;
import java.util.Arrays;
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

  /** The width every --help fits in. */
  static final int HELP_WIDTH = 100;

  /** The option that adds stack traces to errors; accepted anywhere on the command line. */
  static final String DEBUG = "--debug";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = DEBUG, scope = CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of an error too.")
  boolean debug;

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
    TestCaseVerifyFastPath.Call call = TestCaseVerifyFastPath.parse(args);
    if (call != null) {
      // dcap-qvl's test-case verify in its plain forms, without picocli: the same command code,
      // output and exit codes, at a third of the cost of a one-shot call (docs/performance.md).
      int code;
      try {
        code = TestCaseVerifyCommand.verify(call.time(), call.quote(), call.collateral(), call.rootCa(), null, out, err);
      } catch (Throwable t) {
        code = failure(t, false, err); // the fast path never sees --debug
      }
      out.flush();
      err.flush();
      return code;
    }
    return runWithPicocli(args, stdin, out, err);
  }

  /** {@link #run} without the fast path: every call parsed by picocli (tests compare the two). */
  static int runWithPicocli(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains(DEBUG);
    int code;
    try {
      CommandLine cl = new CommandLine(new Main(stdin));
      Subcommands.register(cl, COMMANDS, args);
      cl.setOut(out);
      cl.setErr(err);
      cl.setParameterExceptionHandler(Main::usageError);
      // Help fits 100 columns; picocli wraps descriptions between words within that width.
      cl.setUsageHelpWidth(HELP_WIDTH);
      cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex, debug, err));
      code = cl.execute(args);
    } catch (Throwable t) {
      // picocli hands Errors (OutOfMemoryError, StackOverflowError) straight through: catch all.
      code = failure(t, debug, err);
    }
    out.flush();
    err.flush();
    return code;
  }

  /** The whole command tree with every command built, unconfigured (for tests that walk it). */
  static CommandLine commandLine(InputStream stdin) {
    CommandLine cl = new CommandLine(new Main(stdin));
    for (Subcommands.Entry e : COMMANDS) {
      cl.addSubcommand(e.name(), e.type());
    }
    return cl;
  }

  /** One line on stderr and the exit code; the stack trace only with {@code --debug}. */
  private static int failure(Throwable t, boolean debug, PrintWriter err) {
    err.println("error: " + describe(t));
    if (debug) {
      t.printStackTrace(err);
    }
    err.flush();
    return exitCodeOf(t);
  }

  /** A usage error: the message and where to find the usage, not the whole usage text. */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String message = ex instanceof CommandLine.UnmatchedArgumentException unmatched
        ? unmatched(unmatched.getUnmatched())
        : ex.getMessage();
    err.println("error: " + oneLine(message) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    if (cl.getCommandSpec().name().equals("deploy")) {
      cl.getOut().println(DeployCommand.usageFailureJson(oneLine(message)));
      cl.getOut().flush();
    }
    return USAGE;
  }

  /**
   * Names unknown options but never echoes other stray arguments, nor anything after an {@code =}:
   * an argument in the wrong place may be a secret.
   */
  private static String unmatched(List<String> args) {
    List<String> options = args.stream()
        .filter(a -> a.startsWith("-") && a.length() > 1)
        .map(a -> a.split("=", 2)[0])
        .map(a -> a.length() > 40 ? a.substring(0, 40) + "…" : a)
        .distinct()
        .map(a -> "'" + a + "'")
        .toList();
    long others = args.stream().filter(a -> !(a.startsWith("-") && a.length() > 1)).count();
    StringBuilder sb = new StringBuilder();
    if (!options.isEmpty()) {
      sb.append(options.size() == 1 ? "unknown option " : "unknown options ").append(String.join(", ", options));
    }
    if (others > 0) {
      sb.append(sb.isEmpty() ? "" : "; ").append(others)
          .append(others == 1 ? " stray argument" : " stray arguments")
          .append(" (not shown: it may be a secret)");
    }
    return sb.isEmpty() ? "stray arguments" : sb.toString();
  }

  static int exitCodeOf(Throwable ex) {
    if (ex instanceof CliException ce) {
      return ce.exitCode();
    }
    // The SDK's exceptions (bad hex, bad signature, malformed JSON, …): the input was rejected.
    // An IllegalArgumentException is an option value an SDK builder refused: a usage error. Anything
    // else — an Error such as OutOfMemoryError, or a bug — means the input could not be judged at
    // all: exit 2, like any unusable input.
    return ex instanceof PhalaException ? REJECTED : USAGE;
  }

  private static String describe(Throwable ex) {
    String message = ex.getMessage();
    // IllegalArgumentException: an SDK builder refused an option value (a malformed URL, say).
    if (ex instanceof CliException || ex instanceof PhalaException || ex instanceof IllegalArgumentException) {
      return message == null ? ex.getClass().getSimpleName() : oneLine(message);
    }
    // Not one of ours: name the class, since its message alone may mean nothing to the user.
    String name = ex.getClass().getSimpleName();
    return "unexpected " + name + (message == null ? "" : ": " + oneLine(message))
        + " (rerun with " + DEBUG + " for the stack trace)";
  }

  /** Folds a message onto one line, so that stderr stays one line per error. */
  private static String oneLine(String message) {
    String folded = message.strip().replaceAll("\\s*\\R\\s*", " ");
    return folded.length() > 2000 ? folded.substring(0, 2000) + "…" : folded;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}

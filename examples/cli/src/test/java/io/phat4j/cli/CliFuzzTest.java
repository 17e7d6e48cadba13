package io.phat4j.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Fuzzes the CLI as a whole: random argv (command, option names of that command, values, file
 * paths), random or mutated real input files, random stdin. The contract: exit 0, 1 or 2 only;
 * stderr never carries a stack trace nor an "unexpected" error (an exception that is not the
 * SDK's own). The network commands (deploy, app-attestations, read-requests, read-results,
 * fetch-attested), the server (serve-verifier) and bench-verify (a timing loop) are left out: their argument checks are covered by ExitCodeContractTest.
 */
class CliFuzzTest {
  private static final String[] COMMANDS = {
    "", "test-case", "encrypt-env", "decrypt-env", "verify-env-key", "compose-hash", "replay-rtmr",
    "test-case verify", "verify-quote", "verify-gpu-evidence", "verify-ai-signature", "verify-ai-report",
    "verify-app",
  };
  private static final String[] REAL = {
    "gpu/tdx_v4_phala_sample_quote.bin", "gpu/tdx_v4_phala_sample_collateral.json", "gpu/nvidia_payload.json",
    "gpu/Driver_RIM_test_no_gpu.swidtag", "vectors/kms-prod9-event-log.json", "vectors/kms-prod9-app-compose.json",
    "vectors/dstack-guest-getquote-response.json", "vectors/env-encryption.json",
  };
  private static final String[] NUMBERS = {
    "0", "1", "-1", "1758093775", "253402300799", "253402300800", "9223372036854775807", "-9223372036854775808",
    "99999999999999999999", "1e3", "0x10", "",
  };

  /** A line of a Java stack trace: "\tat some.Class.method(Source.java:12)". */
  private static final java.util.regex.Pattern STACK_FRAME =
      java.util.regex.Pattern.compile("(?m)^\\s+at [\\w$.<>/]+\\([^)\\n]*\\)$");

  private static final Path DIR;
  private static final List<Path> REAL_FILES = new ArrayList<>();
  private static final Map<String, List<String>> OPTIONS = new HashMap<>();

  static {
    try {
      DIR = Files.createTempDirectory("phat4j-cli-fuzz");
      for (String name : REAL) {
        Path p = DIR.resolve(name.replace('/', '_'));
        try (InputStream in = CliFuzzTest.class.getResourceAsStream("/" + name)) {
          Files.write(p, in.readAllBytes());
        }
        REAL_FILES.add(p);
      }
      Files.writeString(DIR.resolve("env"), "A=1\nexport B=\"two\\nlines\"\n# c\nC='x'\n");
      REAL_FILES.add(DIR.resolve("env"));
      Files.createDirectories(DIR.resolve("rims"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CommandLine root = Main.commandLine(InputStream.nullInputStream());
    for (String command : COMMANDS) {
      CommandLine cl = root;
      for (String part : command.isEmpty() ? new String[0] : command.split(" ")) {
        cl = cl.getSubcommands().get(part);
      }
      List<String> names = new ArrayList<>();
      for (OptionSpec o : cl.getCommandSpec().options()) {
        for (String n : o.names()) {
          if (!n.equals(Main.DEBUG)) {
            names.add(n);
          }
        }
      }
      OPTIONS.put(command, names);
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void argv(FuzzedDataProvider data) throws IOException {
    String command = data.pickValue(COMMANDS);
    List<String> args = new ArrayList<>();
    if (!command.isEmpty()) {
      args.addAll(List.of(command.split(" ")));
    }
    Path[] files = {DIR.resolve("f0"), DIR.resolve("f1")};
    for (Path f : files) {
      Files.write(f, content(data));
    }
    Files.write(DIR.resolve("rims").resolve("NV_RIM.xml"), content(data));
    int count = data.consumeInt(0, 10);
    for (int i = 0; i < count; i++) {
      String arg = switch (data.consumeInt(0, 6)) {
        case 0, 1 -> OPTIONS.get(command).isEmpty() ? "--x" : data.pickValue(OPTIONS.get(command));
        case 2 -> path(data, files);
        case 3 -> data.pickValue(NUMBERS);
        case 4 -> java.util.HexFormat.of().formatHex(data.consumeBytes(data.consumeInt(0, 70)));
        case 5 -> data.consumeString(20) + "=" + data.consumeString(20);
        default -> data.consumeString(40);
      };
      // --debug prints stack traces on purpose; the contract is about runs without it.
      args.add(arg.equals(Main.DEBUG) ? "--json" : arg);
    }
    byte[] stdin = data.consumeRemainingAsBytes();

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(stdin), new PrintWriter(out),
        new PrintWriter(err));

    String stderr = err.toString();
    if (code < 0 || code > 2) {
      throw new AssertionError("exit code " + code + " for " + args + ": " + stderr);
    }
    // Judged by line shape, not by substrings: error messages may quote the fuzzed arguments.
    if (STACK_FRAME.matcher(stderr).find() || stderr.lines().anyMatch(l -> l.startsWith("Exception in thread"))) {
      throw new AssertionError("stack trace for " + args + ": " + stderr);
    }
    if (stderr.lines().anyMatch(l -> l.startsWith("error: unexpected "))) {
      throw new AssertionError("an exception the CLI does not expect, for " + args + ": " + stderr);
    }
  }

  /** A file's content: fuzz bytes, a real input, or a real input with a few bytes changed. */
  private static byte[] content(FuzzedDataProvider data) throws IOException {
    int kind = data.consumeInt(0, 2);
    if (kind == 0) {
      return data.consumeBytes(data.consumeInt(0, 4096));
    }
    byte[] real = Files.readAllBytes(data.pickValue(REAL_FILES));
    if (kind == 2 && real.length > 0) {
      int flips = data.consumeInt(1, 8);
      for (int i = 0; i < flips; i++) {
        real[data.consumeInt(0, real.length - 1)] = data.consumeByte();
      }
    }
    return real;
  }

  private static String path(FuzzedDataProvider data, Path[] files) {
    return switch (data.consumeInt(0, 6)) {
      case 0, 1 -> files[0].toString();
      case 2 -> files[1].toString();
      case 3 -> data.pickValue(REAL_FILES).toString();
      case 4 -> DIR.resolve("rims").toString();
      case 5 -> DIR.resolve("missing").toString();
      default -> "/dev/null";
    };
  }
}

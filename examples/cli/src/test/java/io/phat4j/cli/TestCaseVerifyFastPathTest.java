package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code test-case verify} without picocli ({@link TestCaseVerifyFastPath}) answers exactly as the
 * picocli path does: the same stdout, stderr and exit code on real quotes, and anything it does not
 * recognise goes to picocli.
 */
class TestCaseVerifyFastPathTest {
  private static final Path VECTORS = Path.of(System.getProperty("phat4j.dcapVectors", "missing"));
  private static final Path TDX = VECTORS.resolve("tdx_v4_phala_sample");
  private static final String QUOTE = TDX.resolve("quote.bin").toString();
  private static final String COLLATERAL = TDX.resolve("collateral.json").toString();

  private record Outcome(int exitCode, String out, String err) {}

  private interface Cli {
    int run(String[] args, java.io.InputStream stdin, PrintWriter out, PrintWriter err);
  }

  private static Outcome run(Cli cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = cli.run(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));
    return new Outcome(code, out.toString(), err.toString());
  }

  /** Runs {@code args} through Main (fast path) and through picocli alone; they must agree byte for byte. */
  private static Outcome bothPathsAgree(String... args) {
    assertThat(TestCaseVerifyFastPath.parse(args)).as("fast path taken").isNotNull();
    Outcome fast = run(Main::run, args);
    Outcome picocli = run(Main::runWithPicocli, args);
    assertThat(fast).isEqualTo(picocli);
    return fast;
  }

  @Test
  void success_sameOutputBothPaths() {
    Outcome o = bothPathsAgree("test-case", "verify", "--time", "1751624191", QUOTE, COLLATERAL);
    assertThat(o.exitCode()).isZero();
    assertThat(o.out()).startsWith("Verification successful\nStatus: UpToDate\n");
    assertThat(o.err()).isEmpty();
    // --time=T and --time after the files are the same call.
    assertThat(bothPathsAgree("test-case", "verify", QUOTE, COLLATERAL, "--time=1751624191")).isEqualTo(o);
  }

  @Test
  void rejection_sameOutputBothPaths() {
    // Long after the sample's collateral expired (a fixed time: the clock would differ between runs).
    Outcome expired = bothPathsAgree("test-case", "verify", "--time", "1900000000", QUOTE, COLLATERAL);
    assertThat(expired.exitCode()).isEqualTo(1);
    assertThat(expired.err()).startsWith("Verification failed: ");
    assertThat(expired.out()).isEmpty();
    // Long before the collateral was issued.
    Outcome early = bothPathsAgree("test-case", "verify", "--time", "1000000000", QUOTE, COLLATERAL);
    assertThat(early.exitCode()).isEqualTo(1);
    assertThat(early.err()).startsWith("Verification failed: ");
  }

  @Test
  void rootCaThatIsNotACertificate_sameOutputBothPaths(@TempDir Path tmp) throws IOException {
    Path root = tmp.resolve("root.der");
    Files.write(root, new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
    Outcome o = bothPathsAgree("test-case", "verify", "--time", "1751624191", QUOTE, COLLATERAL, root.toString());
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.err()).startsWith("Verification failed: ");
  }

  @Test
  void missingFile_sameOneLineErrorBothPaths() {
    Outcome o = bothPathsAgree("test-case", "verify", "/nonexistent/quote.bin", COLLATERAL);
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: ").endsWith("\n");
    assertThat(o.err().lines()).hasSize(1);
  }

  @Test
  void malformedCollateral_sameOneLineErrorBothPaths(@TempDir Path tmp) throws IOException {
    Path bad = tmp.resolve("collateral.json");
    Files.writeString(bad, "{\"tcb_info\": ");
    Outcome o = bothPathsAgree("test-case", "verify", "--time=1751624191", QUOTE, bad.toString());
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: cannot parse collateral ");
    assertThat(o.err().lines()).hasSize(1);
  }

  @Test
  void parse_recognisesThePlainGrammar() {
    assertThat(TestCaseVerifyFastPath.parse(new String[] {"test-case", "verify", "--time", "42", "q", "c", "r"}))
        .isEqualTo(new TestCaseVerifyFastPath.Call(42L, Path.of("q"), Path.of("c"), Path.of("r")));
    assertThat(TestCaseVerifyFastPath.parse(new String[] {"test-case", "verify", "q", "--time=7", "c"}))
        .isEqualTo(new TestCaseVerifyFastPath.Call(7L, Path.of("q"), Path.of("c"), null));
    assertThat(TestCaseVerifyFastPath.parse(new String[] {"test-case", "verify", "q", "c"}))
        .isEqualTo(new TestCaseVerifyFastPath.Call(null, Path.of("q"), Path.of("c"), null));
  }

  @Test
  void parse_leavesEverythingElseToPicocli() {
    List<List<String>> others = List.of(
        List.of("test-case", "verify", "--help"),
        List.of("test-case", "verify", "-h", "q", "c"),
        List.of("test-case", "verify", "--debug", "q", "c"),
        List.of("test-case", "verify", "--backend", "pure", "q", "c"),
        List.of("test-case", "verify", "--frobnicate", "q", "c"),
        List.of("test-case", "verify", "q"),
        List.of("test-case", "verify", "q", "c", "r", "extra"),
        List.of("test-case", "verify", "--time", "1", "--time", "2", "q", "c"),
        List.of("test-case", "verify", "q", "c", "--time"),
        List.of("test-case", "verify", "--time", "0x10", "q", "c"),
        List.of("test-case", "verify", "--time", "-5", "q", "c"),
        List.of("test-case", "verify", "--time=", "q", "c"),
        List.of("test-case", "verify", "@args.txt"),
        List.of("test-case", "verify", "--", "q", "c"),
        List.of("test-case", "verify", "", "c"),
        List.of("test-case", "verify", "q\0", "c"),
        List.of("test-case", "--debug", "verify", "q", "c"),
        List.of("verify-quote", "verify", "q", "c"));
    for (List<String> args : others) {
      assertThat(TestCaseVerifyFastPath.parse(args.toArray(String[]::new))).as(args.toString()).isNull();
    }
  }

  @Test
  void unrecognised_picocliAnswers() {
    // A time picocli cannot convert: its usage error, unchanged by the fast path's existence.
    String[] args = {"test-case", "verify", "--time", "soon", QUOTE, COLLATERAL};
    Outcome o = run(Main::run, args);
    assertThat(o).isEqualTo(run(Main::runWithPicocli, args));
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: ").contains("test-case verify --help')");
  }
}

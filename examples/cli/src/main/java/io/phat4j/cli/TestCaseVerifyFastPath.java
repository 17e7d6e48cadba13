package io.phat4j.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Recognises the one call that scripts and dcap-qvl's test suite make most,
 * {@code test-case verify [--time T] QUOTE COLLATERAL [ROOT_CA_DER]}, without picocli: picocli's
 * first use costs a fresh JVM most of a one-shot verification (docs/performance.md).
 *
 * <p>It accepts only the plainest forms of that grammar; anything else (help, {@code --debug},
 * {@code --backend}, another option, an {@code @file}, {@code --}, a repeated {@code --time}, a time
 * that is not plain decimal digits, a wrong number of files) is left to picocli, so that its answer
 * stays the only one for those. Recognised calls run {@link TestCaseVerifyCommand#verify}, the same
 * code the picocli path runs.
 */
final class TestCaseVerifyFastPath {
  private static final String TIME = "--time";

  private TestCaseVerifyFastPath() {}

  /** A recognised call: what picocli would have bound to {@link TestCaseVerifyCommand}'s fields. */
  record Call(@Nullable Long time, Path quote, Path collateral, @Nullable Path rootCa) {}

  /**
   * The call {@code args} makes, or null when it is not exactly the plain grammar above.
   *
   * @param args the CLI's arguments, the command names included
   */
  static @Nullable Call parse(String[] args) {
    if (args.length < 4 || !args[0].equals("test-case") || !args[1].equals("verify")) {
      return null;
    }
    Long time = null;
    String[] files = new String[3];
    int fileCount = 0;
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      String value = null;
      if (a.equals(TIME)) {
        if (i + 1 >= args.length) {
          return null;
        }
        value = args[++i];
      } else if (a.startsWith(TIME + "=")) {
        value = a.substring(TIME.length() + 1);
      } else if (a.isEmpty() || a.startsWith("-") || a.startsWith("@")) {
        // Options, "--", "-" and picocli's @file expansion: picocli's to judge. An empty argument
        // too (a path of nothing): rare, and not worth proving the two paths agree on it.
        return null;
      } else {
        if (fileCount == files.length) {
          return null;
        }
        files[fileCount++] = a;
        continue;
      }
      if (time != null || !isPlainDecimal(value)) {
        return null;
      }
      time = Long.valueOf(value);
    }
    if (fileCount < 2) {
      return null;
    }
    try {
      return new Call(time, Path.of(files[0]), Path.of(files[1]), fileCount == 3 ? Path.of(files[2]) : null);
    } catch (InvalidPathException e) {
      return null; // picocli reports it as a usage error
    }
  }

  /** Up to 18 ASCII digits: a value Long.valueOf reads the same way as picocli's converter. */
  private static boolean isPlainDecimal(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}

package io.phat4j.core.crypto;

import io.phat4j.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads env vars from dotenv text, the format {@code .env} files and Phala's tools use.
 *
 * <p>Rules: one {@code KEY=VALUE} per line; blank lines and lines starting with {@code #} are
 * skipped; an optional {@code export } prefix is dropped; the key and value are trimmed; the key
 * must then be a valid name ({@link EnvVar#isValidKey}); a value
 * wrapped in matching single quotes is taken literally, one wrapped in double quotes has {@code
 * \n}, {@code \r}, {@code \t}, {@code \"} and {@code \\} unescaped. Everything after the first
 * {@code =} belongs to the value. Order is kept.
 *
 * <p>Errors name the line number, never the line: it may hold a secret.
 */
public final class DotEnv {
  private DotEnv() {}

  /**
   * Parses dotenv text.
   *
   * @param text the file content
   * @return the variables in file order (possibly empty)
   * @throws InvalidEnvKeyException if a key is not a valid name
   * @throws InvalidInputException if a line is not {@code KEY=VALUE}
   */
  public static List<EnvVar> parse(String text) {
    List<EnvVar> vars = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      vars.add(assignment(line, "line " + (i + 1)));
    }
    return vars;
  }

  /**
   * Parses one {@code KEY=VALUE} assignment, with the same value rules as a file line.
   *
   * @param assignment the text
   * @param where how to name it in an error (e.g. {@code "argument 2"}); never the text itself
   * @return the variable
   * @throws InvalidEnvKeyException if the key is not a valid name
   * @throws InvalidInputException if it is not {@code KEY=VALUE}
   */
  public static EnvVar assignment(String assignment, String where) {
    int eq = assignment.indexOf('=');
    if (eq < 0) {
      throw new InvalidInputException(where + " is not KEY=VALUE");
    }
    String key = assignment.substring(0, eq).strip();
    if (!EnvVar.isValidKey(key)) {
      throw new InvalidEnvKeyException(where, key);
    }
    return EnvVar.of(key, unquote(assignment.substring(eq + 1).strip()));
  }

  /**
   * Parses one {@code KEY=VALUE} command-line argument literally: the key is everything before the
   * first {@code =}, the value everything after it, byte for byte — no trimming, no unquoting, no
   * escapes. The shell has already done the quoting.
   *
   * @param assignment the argument
   * @param where how to name it in an error; never the text itself
   * @return the variable
   * @throws InvalidEnvKeyException if the key is not a valid name
   * @throws InvalidInputException if there is no {@code =}
   */
  public static EnvVar literalAssignment(String assignment, String where) {
    int eq = assignment.indexOf('=');
    if (eq < 0) {
      throw new InvalidInputException(where + " is not KEY=VALUE");
    }
    String key = assignment.substring(0, eq);
    if (!EnvVar.isValidKey(key)) {
      throw new InvalidEnvKeyException(where, key);
    }
    return EnvVar.of(key, assignment.substring(eq + 1));
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '\'' && v.charAt(v.length() - 1) == '\'') {
      return v.substring(1, v.length() - 1);
    }
    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
      return unescape(v.substring(1, v.length() - 1));
    }
    return v;
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          default -> sb.append('\\').append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}

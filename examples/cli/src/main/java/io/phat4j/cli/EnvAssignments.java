package io.phat4j.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code KEY=VALUE} pairs from a dotenv-style file and from command-line arguments.
 *
 * <p>File rules: one assignment per line; blank lines and lines starting with {@code #} are
 * skipped; an optional {@code export } prefix is dropped; a value wrapped in matching single or
 * double quotes loses the quotes (inside double quotes {@code \n}, {@code \"} and {@code \\} are
 * unescaped). Everything after the first {@code =} is the value, spaces included. Order is kept:
 * file entries first, then arguments.
 */
final class EnvAssignments {
  private EnvAssignments() {}

  static List<Map.Entry<String, String>> parseFile(byte[] content, String fileName) {
    String text = new String(content, StandardCharsets.UTF_8);
    List<Map.Entry<String, String>> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      out.add(split(line, fileName + " line " + (i + 1)));
    }
    return out;
  }

  static Map.Entry<String, String> parseArgument(String argument, int position) {
    // The position, not the text, identifies the argument: the text may be a secret.
    return split(argument, "assignment #" + position);
  }

  private static Map.Entry<String, String> split(String assignment, String where) {
    int eq = assignment.indexOf('=');
    if (eq < 0) {
      throw CliException.usage(where + ": expected KEY=VALUE");
    }
    String key = assignment.substring(0, eq).strip();
    String value = unquote(assignment.substring(eq + 1));
    return Map.entry(key, value);
  }

  private static String unquote(String raw) {
    String v = raw.strip();
    if (v.length() >= 2 && v.charAt(0) == '\'' && v.charAt(v.length() - 1) == '\'') {
      return v.substring(1, v.length() - 1);
    }
    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
      return unescapeDoubleQuoted(v.substring(1, v.length() - 1));
    }
    return raw;
  }

  private static String unescapeDoubleQuoted(String s) {
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

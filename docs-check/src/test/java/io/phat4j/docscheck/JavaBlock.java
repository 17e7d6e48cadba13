package io.phat4j.docscheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ```java} block of a Markdown file, with what its marker line declares.
 *
 * <p>The convention (docs/README.md, "Java code blocks"): a block is a fragment of statements,
 * compiled as the body of a static method that may throw anything, with every public phat4j package and
 * the common JDK packages imported. Names the fragment uses but does not declare are given by an
 * HTML comment on the nearest non-blank line above the fence, invisible when the page is rendered:
 *
 * <pre>{@code
 * <!-- snippet: params="byte[] quoteBytes, QuoteCollateral collateral" imports="org.web3j.abi.datatypes.Type" -->
 * }</pre>
 *
 * {@code params} become the method's parameters; {@code imports} (comma-separated) are added as
 * import declarations. A block that starts with {@code package} or {@code import} is compiled as
 * a whole compilation unit instead.
 *
 * @param file the Markdown file, relative to the repository root
 * @param fenceLine the 1-based line of the opening fence
 * @param code the block's lines, common indentation removed
 * @param params the method parameters from the marker, or ""
 * @param imports the extra imports from the marker
 */
record JavaBlock(Path file, int fenceLine, List<String> code, String params, List<String> imports) {
  /** Any fence opener: indentation, the fence (three or more backticks or tildes), the info string. */
  private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*).*$");
  private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:(.*)-->\\s*$");
  private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  JavaBlock {
    code = List.copyOf(code);
    imports = List.copyOf(imports);
  }

  private static boolean closes(String line, String fence) {
    String trimmed = line.strip();
    return trimmed.length() >= fence.length()
        && trimmed.chars().allMatch(c -> c == fence.charAt(0));
  }

  /** Whether the block is a whole compilation unit rather than a fragment of statements. */
  boolean isCompilationUnit() {
    for (String line : code) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("//")) {
        continue;
      }
      return trimmed.startsWith("package ") || trimmed.startsWith("import ");
    }
    return false;
  }

  /** Where this block's line {@code index} (0-based within the code) is in the Markdown file. */
  String location(int index) {
    return file + ":" + (fenceLine + 1 + index);
  }

  /**
   * Reads every {@code ```java} block of a Markdown file.
   *
   * @param root the repository root
   * @param file the Markdown file, relative to {@code root}
   * @return the blocks in file order
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if a fence is never closed or a marker is malformed
   */
  static List<JavaBlock> read(Path root, Path file) throws IOException {
    List<String> lines = Files.readAllLines(root.resolve(file));
    List<JavaBlock> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      // Every fenced block is skipped as a whole, so a ```java line shown inside another block (a
      // ````markdown example, say) is not taken for a block of its own. Fences may be indented (list
      // items); the closing fence is the same character, at least as long, with nothing after it.
      int indent = open.group(1).length();
      String fence = open.group(2);
      int end = i + 1;
      while (end < lines.size() && !closes(lines.get(end), fence)) {
        end++;
      }
      if (end == lines.size()) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": fenced block is never closed");
      }
      if (!fence.startsWith("`") || !open.group(3).equals("java")) {
        i = end;
        continue;
      }
      List<String> code = new ArrayList<>();
      for (String line : lines.subList(i + 1, end)) {
        code.add(line.length() >= indent && line.substring(0, indent).isBlank() ? line.substring(indent) : line.strip());
      }
      String params = "";
      List<String> imports = List.of();
      int previous = i - 1;
      while (previous >= 0 && lines.get(previous).isBlank()) {
        previous--;
      }
      if (previous >= 0) {
        Matcher marker = MARKER.matcher(lines.get(previous));
        if (marker.matches()) {
          Matcher attribute = ATTRIBUTE.matcher(marker.group(1));
          List<String> extra = new ArrayList<>();
          while (attribute.find()) {
            switch (attribute.group(1)) {
              case "params" -> params = attribute.group(2).strip();
              case "imports" -> {
                for (String name : attribute.group(2).split(",")) {
                  if (!name.isBlank()) {
                    extra.add(name.strip());
                  }
                }
              }
              default -> throw new IllegalArgumentException(file + ":" + (previous + 1)
                  + ": unknown snippet attribute '" + attribute.group(1) + "' (params, imports)");
            }
          }
          imports = extra;
        }
      }
      blocks.add(new JavaBlock(file, i + 1, code, params, imports));
      i = end;
    }
    return blocks;
  }
}

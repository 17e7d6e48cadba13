package io.phat4j.docscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block in the repository's Markdown (README.md, docs/, examples/, any new
 * page) compiles against the SDK. Conventions for fragments: docs/README.md, "Java code blocks".
 */
class DocSnippetsCompileTest {
  private static final Path ROOT = Path.of(System.getProperty("phat4j.repository.root", "..")).normalize();

  @TempDir Path classes;

  @Test
  void everyJavaBlockInTheDocsCompiles() throws IOException {
    List<JavaBlock> blocks = new ArrayList<>();
    for (Path file : markdownFiles()) {
      blocks.addAll(JavaBlock.read(ROOT, file));
    }
    // README.md and docs/ have dozens of blocks; finding none means the scan is broken.
    assertThat(blocks).hasSizeGreaterThan(20);
    assertThat(blocks).anySatisfy(b -> assertThat(b.file()).isEqualTo(Path.of("README.md")));

    List<String> errors = new SnippetCompiler(classpath()).compile(blocks, classes);
    if (!errors.isEmpty()) {
      fail(errors.size() + " error(s) compiling the ```java blocks of the docs. A block is the body of a"
          + " method with phat4j's public packages and java.util/time/io/net/nio.file imported; declare"
          + " the names it uses but does not define on the line above it, e.g."
          + " <!-- snippet: params=\"byte[] quoteBytes, AppId appId\" imports=\"org.web3j.abi.datatypes.Type\" -->"
          + " (docs/README.md, Java code blocks):\n  " + String.join("\n  ", errors));
    }
  }

  @Test
  void reportsTheMarkdownLineOfAnErrorHonoursTheMarkerAndSkipsOtherFences(@TempDir Path repo) throws IOException {
    Files.writeString(repo.resolve("page.md"), String.join("\n",
        "# A page",
        "",
        "<!-- snippet: params=\"byte[] quoteBytes\" imports=\"java.security.MessageDigest\" -->",
        "```java",
        "byte[] digest = MessageDigest.getInstance(\"SHA-256\").digest(quoteBytes);",
        "AppId id = AppId.fromHex(Hex.encode(digest).substring(0, 40));",
        "```",
        "",
        "- a list item",
        "",
        "    ```java",
        "    int n = undefinedName + 1;",
        "    ```",
        "",
        "````markdown",
        "```java",
        "this is an example of Markdown, not Java",
        "```",
        "````",
        ""));
    List<JavaBlock> blocks = JavaBlock.read(repo, Path.of("page.md"));
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).params()).isEqualTo("byte[] quoteBytes");

    List<String> errors = new SnippetCompiler(classpath()).compile(blocks, classes);

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("page.md:12: ").contains("undefinedName");
  }

  private static List<Path> markdownFiles() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files
          .filter(p -> p.toString().endsWith(".md"))
          .map(ROOT::relativize)
          .filter(p -> Stream.of("target", "node_modules", ".git").noneMatch(skip -> containsSegment(p, skip)))
          .sorted()
          .toList();
    }
  }

  private static boolean containsSegment(Path path, String segment) {
    for (Path part : path) {
      if (part.toString().equals(segment)) {
        return true;
      }
    }
    return false;
  }

  /** The test classpath surefire gives this JVM: the SDK modules and their dependencies. */
  private static List<Path> classpath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
  }
}

package io.phat4j.docscheck;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles {@link JavaBlock}s with javac against a classpath and reports errors as Markdown file:line. */
final class SnippetCompiler {
  /** JDK packages a documentation fragment may use without importing them. */
  private static final List<String> JDK_PACKAGES = List.of(
      "java.io", "java.math", "java.net", "java.nio.charset", "java.nio.file", "java.time",
      "java.util", "java.util.function");

  private final List<Path> classpath;
  private final List<String> imports;

  SnippetCompiler(List<Path> classpath) throws IOException {
    this.classpath = List.copyOf(classpath);
    List<String> all = new ArrayList<>();
    for (String pkg : JDK_PACKAGES) {
      all.add("import " + pkg + ".*;");
    }
    for (String pkg : phat4jPackages(classpath)) {
      all.add("import " + pkg + ".*;");
    }
    this.imports = List.copyOf(all);
  }

  /** The public (non-internal) io.phat4j packages on the classpath. */
  static SortedSet<String> phat4jPackages(List<Path> classpath) throws IOException {
    SortedSet<String> packages = new TreeSet<>();
    for (Path entry : classpath) {
      if (Files.isDirectory(entry)) {
        try (Stream<Path> files = Files.walk(entry)) {
          files.map(p -> entry.relativize(p).toString().replace(File.separatorChar, '/'))
              .forEach(name -> addPackage(name, packages));
        }
      } else if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
        try (JarFile jar = new JarFile(entry.toFile())) {
          jar.stream().forEach(e -> addPackage(e.getName(), packages));
        }
      }
    }
    return packages;
  }

  private static void addPackage(String name, SortedSet<String> packages) {
    if (!name.startsWith("io/phat4j/") || !name.endsWith(".class") || name.endsWith("/package-info.class")
        || name.startsWith("io/phat4j/docscheck/")) {
      return;
    }
    int slash = name.lastIndexOf('/');
    String pkg = name.substring(0, slash).replace('/', '.');
    if (!pkg.contains(".internal")) {
      packages.add(pkg);
    }
  }

  /**
   * Compiles every block; one compilation, so a broken block does not hide the others.
   *
   * @return one line per error: {@code file:line: message}, empty when everything compiles
   */
  List<String> compile(List<JavaBlock> blocks, Path outputDir) throws IOException {
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      sources.add(wrap(blocks.get(i), "Snippet" + i));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Files.createDirectories(outputDir);
    List<String> options = List.of(
        "--release", "21", "-proc:none", "-implicit:none", "-nowarn", "-XDsuppressNotes",
        "-d", outputDir.toString(),
        "-cp", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      javac.getTask(null, files, diagnostics, options, null, sources).call();
    }
    // javac may report one error twice (once per overload it tried); report each once.
    Set<String> errors = new LinkedHashSet<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String message = d.getMessage(Locale.ROOT).replace('\n', ' ');
      if (d.getSource() instanceof Source source) {
        int index = (int) d.getLineNumber() - 1 - source.headerLines;
        String where = index >= 0 && index < source.block.code().size()
            ? source.block.location(index)
            : source.block.file() + ":" + source.block.fenceLine();
        errors.add(where + ": " + message);
      } else {
        errors.add("(javac) " + message);
      }
    }
    return List.copyOf(errors);
  }

  private Source wrap(JavaBlock block, String className) {
    StringBuilder header = new StringBuilder();
    if (block.isCompilationUnit()) {
      return new Source(block, "docsnippets/" + className, String.join("\n", block.code()) + "\n", 0);
    }
    header.append("package docsnippets;\n");
    for (String line : imports) {
      header.append(line).append('\n');
    }
    for (String extra : block.imports()) {
      header.append("import ").append(extra).append(";\n");
    }
    header.append("@SuppressWarnings(\"all\") final class ").append(className).append(" {\n");
    header.append("  static void snippet(").append(block.params()).append(") throws Exception {\n");
    int headerLines = (int) header.chars().filter(c -> c == '\n').count();
    String text = header + String.join("\n", block.code()) + "\n  }\n}\n";
    return new Source(block, "docsnippets/" + className, text, headerLines);
  }

  /** A generated source that remembers which Markdown block it came from. */
  private static final class Source extends SimpleJavaFileObject {
    final JavaBlock block;
    final String text;
    final int headerLines;

    Source(JavaBlock block, String name, String text, int headerLines) {
      super(URI.create("string:///" + name + Kind.SOURCE.extension), Kind.SOURCE);
      this.block = block;
      this.text = text;
      this.headerLines = headerLines;
    }

    /** A whole-unit block may name its public class as it likes. */
    @Override
    public boolean isNameCompatible(String simpleName, Kind kind) {
      return kind == Kind.SOURCE;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}

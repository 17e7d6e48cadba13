import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * Checks that a release staging directory (a Maven repository layout, written by
 * {@code ./mvnw -P release deploy}) holds what Maven Central accepts for every published module.
 *
 * <p>Run from the repository root: {@code java .ci/StagingCheck.java target/staging
 * [--require-signatures]}. The published modules are read from the reactor (every module reachable
 * from ./pom.xml whose POM, or an aggregator above it, does not set {@code maven.deploy.skip}).
 * For each one it wants: the POM with name, description, url, licenses, developers and scm (own or
 * from the staged parent POM); for jar modules the jar, -sources.jar (with .java files) and
 * -javadoc.jar (with index.html); an .md5 and .sha1 for every file, each matching the file (any
 * .sha256/.sha512 must match too); an .asc for every file when signatures are required or when any
 * file is signed. Nothing else may be staged. A release version (not -SNAPSHOT) must also have its
 * own heading in CHANGELOG.md. Exit code 0 when complete, 1 with one line per gap.
 */
public final class StagingCheck {
  private record Module(String artifactId, String packaging) {}

  private final List<String> errors = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: java .ci/StagingCheck.java <staging-dir> [--require-signatures]");
      System.exit(2);
    }
    Path staging = Path.of(args[0]);
    boolean requireSignatures = List.of(args).contains("--require-signatures");
    System.exit(new StagingCheck().run(Path.of("."), staging, requireSignatures));
  }

  private int run(Path root, Path staging, boolean requireSignatures) throws Exception {
    Element rootPom = read(root.resolve("pom.xml"));
    String groupId = text(rootPom, "groupId");
    String version = text(rootPom, "version");
    Map<String, Module> published = new LinkedHashMap<>();
    collect(root, false, published);
    Path groupDir = staging.resolve(groupId.replace('.', '/'));
    if (!Files.isDirectory(groupDir)) {
      System.err.println("staging check: " + groupDir + " does not exist; run ./mvnw -P release deploy first");
      return 1;
    }
    boolean anySigned;
    try (Stream<Path> files = Files.walk(staging)) {
      anySigned = files.anyMatch(p -> p.toString().endsWith(".asc"));
    }
    boolean signed = requireSignatures || anySigned;

    try (Stream<Path> dirs = Files.list(groupDir)) {
      for (Path dir : dirs.toList()) {
        String name = dir.getFileName().toString();
        if (Files.isDirectory(dir) && !published.containsKey(name)) {
          errors.add(groupId + ":" + name + " is staged but is not a published module (maven.deploy.skip?)");
        }
      }
    }
    for (Module module : published.values()) {
      checkModule(staging, groupDir, groupId, version, module, signed);
    }
    checkChangelog(root, version);

    if (!errors.isEmpty()) {
      errors.forEach(e -> System.err.println("staging check: " + e));
      System.err.println("staging check: FAILED, " + errors.size() + " problem(s) in " + staging);
      return 1;
    }
    System.out.println("staging check: OK, " + published.size() + " artifacts in " + staging
        + (signed ? " (signed)" : " (unsigned: no key given, signatures not checked)"));
    return 0;
  }

  private void checkModule(Path staging, Path groupDir, String groupId, String version, Module module,
      boolean signed) throws Exception {
    String gav = groupId + ":" + module.artifactId() + ":" + version;
    Path dir = groupDir.resolve(module.artifactId()).resolve(version);
    if (!Files.isDirectory(dir)) {
      errors.add(gav + " is not staged (no " + dir + ")");
      return;
    }
    // A SNAPSHOT deploy names files by timestamp; a repeated deploy adds a newer set. Check the newest.
    String base;
    try (Stream<Path> files = Files.list(dir)) {
      base = files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(module.artifactId() + "-") && n.endsWith(".pom"))
          .map(n -> n.substring(0, n.length() - ".pom".length()))
          .sorted()
          .reduce((a, b) -> b)
          .orElse(null);
    }
    if (base == null) {
      errors.add(gav + ": no POM staged in " + dir);
      return;
    }
    List<String> files = new ArrayList<>(List.of(base + ".pom"));
    if (!module.packaging().equals("pom")) {
      files.addAll(List.of(base + ".jar", base + "-sources.jar", base + "-javadoc.jar"));
    }
    for (String file : files) {
      Path path = dir.resolve(file);
      if (!Files.isRegularFile(path)) {
        errors.add(gav + ": missing " + file);
        continue;
      }
      checkChecksums(gav, path);
      if (signed) {
        Path asc = dir.resolve(file + ".asc");
        if (!Files.isRegularFile(asc)) {
          errors.add(gav + ": missing signature " + asc.getFileName());
        } else {
          checkChecksums(gav, asc);
        }
      }
    }
    Path sources = dir.resolve(base + "-sources.jar");
    if (Files.isRegularFile(sources) && !jarHas(sources, ".java")) {
      errors.add(gav + ": " + sources.getFileName() + " holds no .java file");
    }
    Path javadoc = dir.resolve(base + "-javadoc.jar");
    if (Files.isRegularFile(javadoc) && !jarHas(javadoc, "index.html")) {
      errors.add(gav + ": " + javadoc.getFileName() + " holds no index.html");
    }
    checkPomMetadata(staging, gav, dir.resolve(base + ".pom"));
  }

  /**
   * A release (not a SNAPSHOT) must have its own CHANGELOG.md heading, "## [0.1.0] — date": the
   * release steps rename the Unreleased heading before building (docs/releasing.md).
   */
  private void checkChangelog(Path root, String version) throws IOException {
    if (version.endsWith("-SNAPSHOT")) {
      return;
    }
    Path changelog = root.resolve("CHANGELOG.md");
    boolean found = Files.isRegularFile(changelog) && Files.readAllLines(changelog).stream()
        .anyMatch(line -> line.startsWith("## [" + version + "]") || line.startsWith("## " + version + " "));
    if (!found) {
      errors.add("CHANGELOG.md has no \"## [" + version + "] — <date>\" heading; rename the Unreleased"
          + " heading before releasing (docs/releasing.md)");
    }
  }

  /** Central wants name and description per POM, and url, licenses, developers, scm (inherited is fine). */
  private void checkPomMetadata(Path staging, String gav, Path pomFile) throws Exception {
    Element pom = read(pomFile);
    for (String own : List.of("name", "description")) {
      if (text(pom, own).isBlank()) {
        errors.add(gav + ": POM has no <" + own + ">");
      }
    }
    for (String inherited : List.of("url", "licenses", "developers", "scm")) {
      if (!hasInherited(staging, pom, inherited)) {
        errors.add(gav + ": POM has no <" + inherited + "> (own or from a staged parent)");
      }
    }
  }

  private boolean hasInherited(Path staging, Element pom, String element) throws Exception {
    for (Element current = pom; current != null; ) {
      if (child(current, element) != null) {
        return true;
      }
      Element parent = child(current, "parent");
      if (parent == null) {
        return false;
      }
      Path dir = staging.resolve(text(parent, "groupId").replace('.', '/'))
          .resolve(text(parent, "artifactId")).resolve(text(parent, "version"));
      Path parentPom = null;
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          parentPom = files.filter(p -> p.toString().endsWith(".pom")).sorted()
              .reduce((a, b) -> b).orElse(null);
        }
      }
      current = parentPom == null ? null : read(parentPom);
    }
    return false;
  }

  private void checkChecksums(String gav, Path file) throws IOException, NoSuchAlgorithmException {
    byte[] content = Files.readAllBytes(file);
    Map<String, String> algorithms = Map.of("md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512");
    for (var entry : algorithms.entrySet()) {
      Path sum = file.resolveSibling(file.getFileName() + "." + entry.getKey());
      boolean required = entry.getKey().equals("md5") || entry.getKey().equals("sha1");
      if (!Files.isRegularFile(sum)) {
        if (required) {
          errors.add(gav + ": missing checksum " + sum.getFileName());
        }
        continue;
      }
      String expected = HexFormat.of().formatHex(MessageDigest.getInstance(entry.getValue()).digest(content));
      String actual = Files.readString(sum).trim().split("\\s+")[0].toLowerCase();
      if (!expected.equals(actual)) {
        errors.add(gav + ": " + sum.getFileName() + " does not match " + file.getFileName());
      }
    }
  }

  private static boolean jarHas(Path jar, String suffix) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().anyMatch(e -> e.getName().endsWith(suffix));
    }
  }

  /** Walks the reactor from {@code dir}/pom.xml; a module under a deploy-skipping aggregator is skipped too. */
  private static void collect(Path dir, boolean skipped, Map<String, Module> out) throws Exception {
    Element pom = read(dir.resolve("pom.xml"));
    Element properties = child(pom, "properties");
    boolean skip = skipped
        || (properties != null && "true".equals(text(properties, "maven.deploy.skip")));
    if (!skip) {
      String packaging = text(pom, "packaging");
      out.put(text(pom, "artifactId"), new Module(text(pom, "artifactId"), packaging.isBlank() ? "jar" : packaging));
    }
    Element modules = child(pom, "modules");
    if (modules == null) {
      return;
    }
    for (var node = modules.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element module && module.getTagName().equals("module")) {
        collect(dir.resolve(module.getTextContent().trim()), skip, out);
      }
    }
  }

  private static Element read(Path pom) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
  }

  private static Element child(Element parent, String name) {
    for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? "" : e.getTextContent().trim();
  }
}

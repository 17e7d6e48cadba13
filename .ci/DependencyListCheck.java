import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a consumer's resolved dependencies (the output file of {@code mvn dependency:list}) for
 * what phat4j must never hand an application: test libraries, and one library family at two
 * versions (OkHttp 4 next to 5, Kotlin stdlib 1.8 next to 2.x, Jackson or BouncyCastle parts out
 * of step).
 *
 * <p>Usage: {@code java .ci/DependencyListCheck.java target/dependencies.txt}. A family is a
 * groupId: all its artifacts must have one version, where "2.21" and "2.21.3" count as one
 * (jackson-annotations is versioned by minor release only). Exit code 0 when clean, 1 with one
 * line per problem.
 */
public final class DependencyListCheck {
  /** group:artifact:type[:classifier]:version:scope, as dependency:list prints it. */
  private static final Pattern LINE = Pattern.compile(
      "^\\s*([\\w.\\-]+):([\\w.\\-]+):([\\w.\\-]+)(?::([\\w.\\-]+))?:([\\w.\\-]+):(compile|runtime|provided|system|test)\\b.*$");

  /** GroupIds (or groupId prefixes) of test libraries. */
  private static final List<String> TEST_GROUPS = List.of(
      "org.junit", "junit", "org.opentest4j", "org.apiguardian", "org.assertj", "org.hamcrest",
      "org.mockito", "com.code-intelligence", "org.testcontainers");

  /** Test artifacts inside groups that are otherwise fine. */
  private static final Set<String> TEST_ARTIFACTS = Set.of(
      "com.squareup.okhttp3:mockwebserver", "com.squareup.okhttp3:mockwebserver3",
      "com.squareup.okhttp3:mockwebserver3-junit5", "com.squareup.okhttp3:mockwebserver3-junit4");

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java .ci/DependencyListCheck.java <dependency:list output file>");
      System.exit(2);
    }
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, Set<String>>> versionsByGroup = new TreeMap<>();
    int count = 0;
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      count++;
      String group = m.group(1);
      String artifact = m.group(2);
      String version = m.group(5);
      String scope = m.group(6);
      String ga = group + ":" + artifact;
      boolean testGroup = TEST_GROUPS.stream().anyMatch(g -> group.equals(g) || group.startsWith(g + "."));
      if (testGroup || TEST_ARTIFACTS.contains(ga)) {
        problems.add("test library on the classpath: " + ga + ":" + version + " (" + scope + ")");
      }
      versionsByGroup.computeIfAbsent(group, g -> new TreeMap<>())
          .computeIfAbsent(version, v -> new TreeSet<>()).add(artifact);
    }
    if (count == 0) {
      problems.add("no dependencies found in " + args[0] + " (not dependency:list output?)");
    }
    versionsByGroup.forEach((group, versions) -> {
      List<String> distinct = new ArrayList<>(versions.keySet());
      for (int i = 0; i < distinct.size(); i++) {
        for (int j = i + 1; j < distinct.size(); j++) {
          String a = distinct.get(i);
          String b = distinct.get(j);
          if (!sameRelease(a, b)) {
            problems.add("two versions of " + group + ": " + a + " " + versions.get(a) + " and " + b + " "
                + versions.get(b) + " (manage them in bom/pom.xml)");
          }
        }
      }
    });
    if (!problems.isEmpty()) {
      problems.forEach(p -> System.err.println("dependency check: " + p));
      System.err.println("dependency check: FAILED for " + args[0]);
      System.exit(1);
    }
    System.out.println("dependency check: OK, " + count + " dependencies, no test libraries, one version per family ("
        + args[0] + ")");
  }

  /** "2.21" and "2.21.3" are one release line; "4.12.0" and "5.5.1" are not. */
  private static boolean sameRelease(String a, String b) {
    return a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".");
  }
}

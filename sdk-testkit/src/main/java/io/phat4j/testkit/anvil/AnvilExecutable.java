package io.phat4j.testkit.anvil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Finds the {@code anvil} binary to run.
 *
 * <p>Looked up in this order:
 *
 * <ol>
 *   <li>the system property {@value #PROPERTY}, then the environment variable {@value #ENV};
 *   <li>the repository's pinned npm package: walking up from the working directory, {@code
 *       sdk-contracts/solidity/node_modules/@foundry-rs/anvil-<os>-<arch>/bin/anvil} (the native
 *       binary, so stopping the process stops anvil itself), then {@code
 *       sdk-contracts/solidity/node_modules/.bin/anvil} (npm's wrapper);
 *   <li>{@code anvil} on the {@code PATH}.
 * </ol>
 */
public final class AnvilExecutable {
  /** System property naming the anvil binary. */
  public static final String PROPERTY = "phat4j.anvil";

  /** Environment variable naming the anvil binary. */
  public static final String ENV = "PHAT4J_ANVIL";

  private static final Path NODE_MODULES = Path.of("sdk-contracts", "solidity", "node_modules");

  private AnvilExecutable() {}

  /**
   * Finds anvil for this process's system properties, environment and working directory.
   *
   * @return the path of an executable anvil
   * @throws AnvilException when none is found; the message lists the places searched
   */
  public static Path locate() {
    return locate(
        System.getProperties(), System.getenv(), Path.of("").toAbsolutePath(), osArchPackage());
  }

  static Path locate(Properties props, Map<String, String> env, Path workDir, @Nullable String pkg) {
    List<String> searched = new ArrayList<>();
    String explicit = props.getProperty(PROPERTY);
    String source = "system property " + PROPERTY;
    if (explicit == null || explicit.isBlank()) {
      explicit = env.get(ENV);
      source = "environment variable " + ENV;
    }
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      if (Files.isExecutable(p)) {
        return p;
      }
      throw new AnvilException(source + " names " + p + ", which is not an executable file");
    }
    for (Path dir = workDir; dir != null; dir = dir.getParent()) {
      Path modules = dir.resolve(NODE_MODULES);
      List<Path> candidates = new ArrayList<>();
      if (pkg != null) {
        candidates.add(modules.resolve("@foundry-rs").resolve(pkg).resolve("bin").resolve("anvil"));
      }
      candidates.add(modules.resolve(".bin").resolve("anvil"));
      for (Path c : candidates) {
        if (Files.isExecutable(c)) {
          return c;
        }
      }
      if (Files.isDirectory(dir.resolve("sdk-contracts"))) {
        searched.add(modules.toString());
      }
    }
    String path = env.getOrDefault("PATH", "");
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path c = Path.of(entry, "anvil");
      if (Files.isExecutable(c)) {
        return c;
      }
    }
    searched.add("PATH");
    throw new AnvilException(
        "anvil not found (searched "
            + PROPERTY
            + ", "
            + ENV
            + ", "
            + String.join(", ", searched)
            + "); run `npm ci` in sdk-contracts/solidity or set "
            + ENV);
  }

  /** The name of the platform package @foundry-rs/anvil installs, or null if it has none. */
  static @Nullable String osArchPackage() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart =
        os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : null;
    String archPart =
        switch (arch) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> null;
        };
    return osPart == null || archPart == null ? null : "anvil-" + osPart + "-" + archPart;
  }
}

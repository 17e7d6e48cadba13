package io.phat4j.devnet.internal;

import io.phat4j.core.PhalaException;
import io.phat4j.testkit.anvil.AnvilException;
import io.phat4j.testkit.anvil.AnvilExecutable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Finds anvil, installing it on first use: a configured path; else where {@link
 * AnvilExecutable#locate()} looks (system property, {@code PHAT4J_ANVIL}, the repository's
 * {@code sdk-contracts/solidity/node_modules}, {@code PATH}); else a cache directory; else {@code npm
 * install} of the pinned {@code @foundry-rs/anvil} into that cache directory. Fails with a message
 * saying what to install when neither anvil nor npm is available.
 */
public final class AnvilInstaller {
  /** The npm package that ships anvil. */
  public static final String PACKAGE = "@foundry-rs/anvil";
  /** The pinned version; the same as {@code sdk-contracts/solidity/package.json}. */
  public static final String VERSION = "1.7.1";

  private static final long INSTALL_TIMEOUT_MINUTES = 10;

  private AnvilInstaller() {}

  /**
   * Returns the default cache directory: {@code $PHAT4J_CACHE/anvil/<version>}, else
   * {@code ~/.cache/phat4j/anvil/<version>}.
   *
   * @param env the environment
   * @return the directory
   */
  public static Path defaultCacheDir(Map<String, String> env) {
    String base = env.get("PHAT4J_CACHE");
    Path root = base != null && !base.isBlank() ? Path.of(base)
        : Path.of(System.getProperty("user.home"), ".cache", "phat4j");
    return root.resolve("anvil").resolve(VERSION);
  }

  /**
   * Finds or installs anvil.
   *
   * @param configured an explicit path, or null
   * @param cacheDir where to look for, and install, the npm package
   * @param env the environment (its {@code PATH} is searched for npm)
   * @param progress receives one line per step of an install
   * @return an executable anvil
   * @throws PhalaException if anvil cannot be found or installed
   */
  public static Path resolve(@Nullable Path configured, Path cacheDir, Map<String, String> env, Consumer<String> progress) {
    return resolve(configured, cacheDir, env, progress, AnvilExecutable::locate);
  }

  static Path resolve(@Nullable Path configured, Path cacheDir, Map<String, String> env, Consumer<String> progress,
      java.util.function.Supplier<Path> locator) {
    if (configured != null) {
      if (!Files.isExecutable(configured)) {
        throw new PhalaException("the configured anvil " + configured + " is not an executable file");
      }
      return configured;
    }
    String notFound;
    try {
      return locator.get();
    } catch (AnvilException e) {
      notFound = e.getMessage();
    }
    Path cached = installed(cacheDir);
    if (cached != null) {
      return cached;
    }
    Path npm = onPath(env, isWindows() ? "npm.cmd" : "npm");
    if (npm == null) {
      throw new PhalaException("the devnet needs anvil, and neither anvil nor npm is available: " + notFound
          + "; install Node.js (for npm) or anvil (https://getfoundry.sh), set PHAT4J_ANVIL to an anvil binary,"
          + " or start the devnet with Devnet.builder().chain(false)");
    }
    return install(npm, cacheDir, progress);
  }

  private static Path install(Path npm, Path cacheDir, Consumer<String> progress) {
    progress.accept("installing " + PACKAGE + "@" + VERSION + " with npm into " + cacheDir
        + " (first use only; about 40 MB)...");
    Path log = cacheDir.resolve("npm-install.log");
    try {
      Files.createDirectories(cacheDir);
      Process p = new ProcessBuilder(npm.toString(), "install", "--prefix", cacheDir.toString(), "--no-audit",
          "--no-fund", "--ignore-scripts", PACKAGE + "@" + VERSION)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      if (!p.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new PhalaException("npm install of " + PACKAGE + " took longer than " + INSTALL_TIMEOUT_MINUTES
            + " minutes; see " + log);
      }
      if (p.exitValue() != 0) {
        throw new PhalaException("npm install of " + PACKAGE + "@" + VERSION + " failed (exit " + p.exitValue()
            + "): " + tail(log));
      }
    } catch (IOException e) {
      throw new PhalaException("cannot run " + npm + " to install " + PACKAGE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PhalaException("interrupted while installing " + PACKAGE, e);
    }
    Path exe = installed(cacheDir);
    if (exe == null) {
      throw new PhalaException("npm installed " + PACKAGE + "@" + VERSION + " into " + cacheDir
          + " but no anvil binary for this platform is in it; set PHAT4J_ANVIL to an anvil binary");
    }
    progress.accept("installed anvil at " + exe);
    return exe;
  }

  /** The platform binary of the npm package (not npm's wrapper, so stopping it stops anvil), else the wrapper. */
  static @Nullable Path installed(Path cacheDir) {
    Path scope = cacheDir.resolve("node_modules").resolve("@foundry-rs");
    List<Path> candidates = new ArrayList<>();
    if (Files.isDirectory(scope)) {
      try (Stream<Path> s = Files.list(scope)) {
        s.filter(d -> d.getFileName().toString().startsWith("anvil-")).sorted()
            .forEach(d -> candidates.add(d.resolve("bin").resolve(isWindows() ? "anvil.exe" : "anvil")));
      } catch (IOException e) {
        return null;
      }
    }
    candidates.add(cacheDir.resolve("node_modules").resolve(".bin").resolve("anvil"));
    for (Path c : candidates) {
      if (Files.isExecutable(c)) {
        return c;
      }
    }
    return null;
  }

  private static @Nullable Path onPath(Map<String, String> env, String name) {
    String path = env.getOrDefault("PATH", "");
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, name))) {
        return Path.of(entry, name);
      }
    }
    return null;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no npm output)";
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
  }
}

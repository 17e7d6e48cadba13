package io.phat4j.devnet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.PhalaException;
import io.phat4j.testkit.anvil.AnvilException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Finding anvil, or installing it with npm into a cache directory, with a real process for npm. */
class AnvilInstallerTest {
  private static final Supplier<Path> NOT_FOUND = () -> {
    throw new AnvilException("anvil not found (searched PATH)");
  };

  @Test
  void neitherAnvilNorNpm_failsWithWhatToInstall(@TempDir Path cache, @TempDir Path emptyBin) {
    assertThatThrownBy(() -> AnvilInstaller.resolve(null, cache, Map.of("PATH", emptyBin.toString()), line -> { },
        NOT_FOUND))
        .isInstanceOf(PhalaException.class)
        .hasMessageContaining("neither anvil nor npm is available")
        .hasMessageContaining("PHAT4J_ANVIL")
        .hasMessageContaining("chain(false)");
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the stand-in npm is a POSIX shell script")
  void npmOnPath_installsThePinnedPackageIntoTheCache_andReportsProgress(@TempDir Path cache, @TempDir Path bin)
      throws Exception {
    // A stand-in npm that lays out what `npm install --prefix <dir> @foundry-rs/anvil@<v>` would, and
    // records its arguments.
    Path npm = bin.resolve("npm");
    Files.writeString(npm, """
        #!/bin/sh
        echo "$@" > "$3/args.txt"
        mkdir -p "$3/node_modules/@foundry-rs/anvil-test-arch/bin"
        printf '#!/bin/sh\\n' > "$3/node_modules/@foundry-rs/anvil-test-arch/bin/anvil"
        chmod +x "$3/node_modules/@foundry-rs/anvil-test-arch/bin/anvil"
        """);
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> progress = new ArrayList<>();

    Path anvil = AnvilInstaller.resolve(null, cache, Map.of("PATH", bin.toString()), progress::add, NOT_FOUND);

    assertThat(anvil).isEqualTo(cache.resolve("node_modules/@foundry-rs/anvil-test-arch/bin/anvil"));
    assertThat(Files.readString(cache.resolve("args.txt")))
        .contains("install --prefix " + cache)
        .contains("--ignore-scripts")
        .contains(AnvilInstaller.PACKAGE + "@" + AnvilInstaller.VERSION);
    assertThat(progress).first().asString().startsWith("installing @foundry-rs/anvil@" + AnvilInstaller.VERSION);
    // Second start: found in the cache, npm not run again.
    Files.delete(cache.resolve("args.txt"));
    assertThat(AnvilInstaller.resolve(null, cache, Map.of("PATH", bin.toString()), progress::add, NOT_FOUND))
        .isEqualTo(anvil);
    assertThat(cache.resolve("args.txt")).doesNotExist();
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the stand-in npm is a POSIX shell script")
  void failingNpm_reportsItsOutput(@TempDir Path cache, @TempDir Path bin) throws Exception {
    Path npm = bin.resolve("npm");
    Files.writeString(npm, "#!/bin/sh\necho 'npm ERR! network unreachable'\nexit 1\n");
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> AnvilInstaller.resolve(null, cache, Map.of("PATH", bin.toString()), line -> { },
        NOT_FOUND))
        .isInstanceOf(PhalaException.class)
        .hasMessageContaining("exit 1")
        .hasMessageContaining("network unreachable");
  }

  @Test
  void configuredPath_mustBeExecutable(@TempDir Path dir) {
    assertThatThrownBy(() -> AnvilInstaller.resolve(dir.resolve("nope"), dir, Map.of(), line -> { }, NOT_FOUND))
        .isInstanceOf(PhalaException.class).hasMessageContaining("not an executable file");
  }
}

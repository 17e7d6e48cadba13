package io.phat4j.testkit.anvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilExecutableTest {
  @TempDir Path tmp;

  private Path executable(Path p) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void systemPropertyWinsOverEnvironmentAndRepository() throws IOException {
    Path prop = executable(tmp.resolve("a/anvil"));
    Path env = executable(tmp.resolve("b/anvil"));
    Properties props = new Properties();
    props.setProperty(AnvilExecutable.PROPERTY, prop.toString());
    assertThat(AnvilExecutable.locate(props, Map.of(AnvilExecutable.ENV, env.toString()), tmp, "anvil-linux-amd64"))
        .isEqualTo(prop);
    assertThat(AnvilExecutable.locate(new Properties(), Map.of(AnvilExecutable.ENV, env.toString()), tmp, "anvil-linux-amd64"))
        .isEqualTo(env);
  }

  @Test
  void anExplicitPathThatIsNotExecutableIsAnError() throws IOException {
    Path plain = Files.writeString(tmp.resolve("anvil"), "");
    assertThatThrownBy(() -> AnvilExecutable.locate(new Properties(), Map.of(AnvilExecutable.ENV, plain.toString()), tmp, null))
        .isInstanceOf(AnvilException.class)
        .hasMessageContaining(AnvilExecutable.ENV)
        .hasMessageContaining(plain.toString());
  }

  @Test
  void findsTheNativeBinaryOfTheRepositoryFromASubfolderBeforeNpmsWrapper() throws IOException {
    Path modules = tmp.resolve("repo/sdk-contracts/solidity/node_modules");
    Path wrapper = executable(modules.resolve(".bin/anvil"));
    Path sub = Files.createDirectories(tmp.resolve("repo/sdk-testkit"));
    assertThat(AnvilExecutable.locate(new Properties(), Map.of(), sub, "anvil-linux-amd64")).isEqualTo(wrapper);
    Path nativeBin = executable(modules.resolve("@foundry-rs/anvil-linux-amd64/bin/anvil"));
    assertThat(AnvilExecutable.locate(new Properties(), Map.of(), sub, "anvil-linux-amd64")).isEqualTo(nativeBin);
  }

  @Test
  void fallsBackToThePathAndOtherwiseSaysWhereItLooked() throws IOException {
    Path bin = executable(tmp.resolve("bin/anvil"));
    Path repo = Files.createDirectories(tmp.resolve("repo/sdk-contracts"));
    Map<String, String> env = Map.of("PATH", tmp.resolve("empty") + ":" + bin.getParent());
    assertThat(AnvilExecutable.locate(new Properties(), env, repo.getParent(), null)).isEqualTo(bin);
    assertThatThrownBy(() -> AnvilExecutable.locate(new Properties(), Map.of("PATH", ""), repo.getParent(), null))
        .isInstanceOf(AnvilException.class)
        .hasMessageContaining("anvil not found")
        .hasMessageContaining("node_modules")
        .hasMessageContaining("npm ci");
  }

  @Test
  void namesThePlatformPackage() {
    assertThat(AnvilExecutable.osArchPackage()).isIn("anvil-linux-amd64", "anvil-linux-arm64", "anvil-darwin-amd64", "anvil-darwin-arm64", "anvil-win32-amd64", null);
  }

  @Test
  void aStartFailureReportsAnvilsOutput() throws IOException {
    Path failing = tmp.resolve("fail/anvil");
    Files.createDirectories(failing.getParent());
    Files.writeString(failing, "#!/bin/sh\necho 'boom: bad flag' >&2\nexit 3\n");
    Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> AnvilNode.builder().executable(failing).start())
        .isInstanceOf(AnvilException.class)
        .hasMessageContaining("exited with 3")
        .hasMessageContaining("boom: bad flag");
  }
}

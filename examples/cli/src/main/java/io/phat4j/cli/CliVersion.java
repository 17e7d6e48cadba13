package io.phat4j.cli;

import io.phat4j.core.Phat4jVersion;
import picocli.CommandLine;

/** Supplies {@code --version}: the phat4j version stamped into sdk-core at build time. */
final class CliVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"phat4j " + Phat4jVersion.current()};
  }
}

package io.phat4j.core.dstack.guest;

import java.util.Objects;

/**
 * The guest agent's version, from the {@code Version} RPC.
 *
 * @param version the dstack version, e.g. {@code 0.5.8}
 * @param rev the git revision the agent was built from
 */
public record GuestVersion(String version, String rev) {
  /**
   * Checks the components.
   *
   * @param version the version
   * @param rev the revision
   */
  public GuestVersion {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(rev, "rev");
  }
}

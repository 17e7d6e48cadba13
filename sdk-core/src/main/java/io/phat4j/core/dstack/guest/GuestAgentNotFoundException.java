package io.phat4j.core.dstack.guest;

import io.phat4j.core.PhalaException;
import java.nio.file.Path;
import java.util.List;

/**
 * No guest agent endpoint was configured and none of the standard socket paths exists: the code
 * is not running inside a dstack CVM (or the socket is not mounted into the container), and no
 * simulator endpoint was given.
 */
public final class GuestAgentNotFoundException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final List<Path> probed;

  /**
   * Creates the exception.
   *
   * @param probed the socket paths that were tried, in order
   * @param envVariable the environment variable that could have named an endpoint
   */
  public GuestAgentNotFoundException(List<Path> probed, String envVariable) {
    super(
        "no dstack guest agent found: none of "
            + probed
            + " exists and "
            + envVariable
            + " is not set; mount /var/run/dstack.sock into the container or set an endpoint");
    this.probed = List.copyOf(probed);
  }

  /**
   * Returns the socket paths that were tried.
   *
   * @return the paths, in probe order
   */
  public List<Path> probed() {
    return probed;
  }
}

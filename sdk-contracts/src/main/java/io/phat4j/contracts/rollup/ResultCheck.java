package io.phat4j.contracts.rollup;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The chain of trust of one committed result: every {@link TrustLink} with its outcome.
 *
 * @param result the result checked
 * @param links one check per link, in {@link TrustLink} order
 */
public record ResultCheck(RollupResult result, List<LinkCheck> links) {

  /** Copies the list. */
  public ResultCheck {
    Objects.requireNonNull(result, "result");
    links = List.copyOf(links);
  }

  /**
   * Tells whether the result can be trusted: every link passed.
   *
   * @return false when any link failed
   */
  public boolean trusted() {
    return !links.isEmpty() && links.stream().allMatch(LinkCheck::passed);
  }

  /**
   * Returns the check of one link.
   *
   * @param link the link
   * @return its check, if it was made
   */
  public Optional<LinkCheck> link(TrustLink link) {
    return links.stream().filter(l -> l.link() == link).findFirst();
  }

  /**
   * Returns the failed links.
   *
   * @return the failed checks, in order
   */
  public List<LinkCheck> failures() {
    return links.stream().filter(l -> !l.passed()).toList();
  }
}

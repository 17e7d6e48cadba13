package io.phat4j.examples.quickstart;

import java.util.List;
import java.util.Optional;

/**
 * Every link of the end-to-end check, in order.
 *
 * @param links one result per {@link Link}
 */
public record VerificationReport(List<LinkResult> links) {
  /** Copies the list. */
  public VerificationReport {
    links = List.copyOf(links);
  }

  /**
   * Tells whether every link holds.
   *
   * @return true when the result can be trusted
   */
  public boolean verified() {
    return links.size() == Link.values().length && links.stream().allMatch(LinkResult::passed);
  }

  /**
   * Returns the first link that failed.
   *
   * @return the failure, if any
   */
  public Optional<LinkResult> firstFailure() {
    return links.stream().filter(l -> !l.passed()).findFirst();
  }
}

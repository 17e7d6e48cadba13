package io.phat4j.examples.quickstart;

import java.util.Objects;

/**
 * The outcome of one link.
 *
 * @param link the link
 * @param passed whether it holds
 * @param detail what was checked, or why it failed
 */
public record LinkResult(Link link, boolean passed, String detail) {
  /** Checks the fields. */
  public LinkResult {
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(detail, "detail");
  }

  static LinkResult pass(Link link, String detail) {
    return new LinkResult(link, true, detail);
  }

  static LinkResult fail(Link link, String detail) {
    return new LinkResult(link, false, detail);
  }
}

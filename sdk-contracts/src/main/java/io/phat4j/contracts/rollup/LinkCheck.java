package io.phat4j.contracts.rollup;

import java.util.Objects;

/**
 * The outcome of checking one {@link TrustLink}.
 *
 * @param link the link
 * @param passed whether it holds
 * @param reason why it passed or failed, for people
 */
public record LinkCheck(TrustLink link, boolean passed, String reason) {

  /** Checks the fields. */
  public LinkCheck {
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(reason, "reason");
  }

  static LinkCheck pass(TrustLink link, String reason) {
    return new LinkCheck(link, true, reason);
  }

  static LinkCheck fail(TrustLink link, String reason) {
    return new LinkCheck(link, false, reason);
  }
}

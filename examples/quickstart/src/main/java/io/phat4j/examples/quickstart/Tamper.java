package io.phat4j.examples.quickstart;

import io.phat4j.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which link of the chain of trust {@code --tamper} corrupts, to show the verifier catching it. */
public enum Tamper {
  /** Nothing: the clean run. */
  NONE(null),
  /** One byte of the quote's report data is flipped in transit. */
  QUOTE(Link.QUOTE),
  /** The VM config shown for the CVM claims another OS image than the one it booted. */
  OS_IMAGE(Link.OS_IMAGE),
  /** The app-compose.json shown for the app names another image than the one measured. */
  COMPOSE(Link.COMPOSE),
  /** The result read from the chain is altered before it reaches the client. */
  RESULT(Link.RESULT),
  /** A second key the admin made attestor commits a forged result for the same request. */
  ATTESTOR(Link.ATTESTOR);

  private final @org.jspecify.annotations.Nullable Link link;

  Tamper(@org.jspecify.annotations.Nullable Link link) {
    this.link = link;
  }

  /**
   * Returns the link this mode corrupts.
   *
   * @return the link, or null for {@link #NONE}
   */
  public @org.jspecify.annotations.Nullable Link link() {
    return link;
  }

  /**
   * Parses the value of {@code --tamper=}.
   *
   * @param value e.g. {@code quote}
   * @return the mode
   * @throws InvalidInputException for an unknown value
   */
  public static Tamper parse(String value) {
    for (Tamper t : values()) {
      if (t.link != null && t.link.label().equals(value.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new InvalidInputException("--tamper must be one of " + Arrays.stream(values()).filter(t -> t.link != null)
        .map(t -> t.link.label()).collect(Collectors.joining("|")) + ", got " + value);
  }
}

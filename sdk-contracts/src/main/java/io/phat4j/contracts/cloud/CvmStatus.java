package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * A CVM status as Phala Cloud reports it, keeping the raw string so a status added later never
 * breaks parsing: it maps to {@link Kind#UNKNOWN} with {@link #raw()} intact.
 *
 * <p>Immutable and thread-safe.
 */
public final class CvmStatus {
  /** The statuses this client knows. */
  public enum Kind {
    /** Being created. */
    CREATING,
    /** Booting. */
    STARTING,
    /** Up and serving. */
    RUNNING,
    /** Being stopped. */
    STOPPING,
    /** Stopped. */
    STOPPED,
    /** Shutting down gracefully. */
    SHUTTING_DOWN,
    /** Restarting. */
    RESTARTING,
    /** The VM process exited. */
    EXITED,
    /** Being deleted. */
    DELETING,
    /** Deleted. */
    DELETED,
    /** Failed. */
    ERROR,
    /** A status this client does not know; see {@link CvmStatus#raw()}. */
    UNKNOWN
  }

  /** The running status. */
  public static final CvmStatus RUNNING = of("running");

  private final String raw;
  private final Kind kind;

  private CvmStatus(String raw, Kind kind) {
    this.raw = raw;
    this.kind = kind;
  }

  /**
   * Parses a status string; unknown values map to {@link Kind#UNKNOWN}.
   *
   * @param raw the status as sent, e.g. {@code running}
   * @return the status
   */
  @JsonCreator
  public static CvmStatus of(String raw) {
    Objects.requireNonNull(raw, "raw");
    String name = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    Kind kind = Kind.UNKNOWN;
    for (Kind k : Kind.values()) {
      if (k != Kind.UNKNOWN && k.name().equals(name)) {
        kind = k;
      }
    }
    if (name.equals("FAILED")) {
      kind = Kind.ERROR;
    }
    return new CvmStatus(raw, kind);
  }

  /**
   * Returns the status string as the server sent it.
   *
   * @return the raw value
   */
  @JsonValue
  public String raw() {
    return raw;
  }

  /**
   * Returns the known kind.
   *
   * @return the kind, {@link Kind#UNKNOWN} if not recognised
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Tells whether this status is a given kind.
   *
   * @param kind the kind
   * @return {@code true} if it matches
   */
  public boolean is(Kind kind) {
    return this.kind == kind;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CvmStatus other && raw.equals(other.raw);
  }

  @Override
  public int hashCode() {
    return raw.hashCode();
  }

  @Override
  public String toString() {
    return raw;
  }
}

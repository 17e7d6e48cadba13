package io.phat4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The version of phat4j on the class path, as stamped into the jar at build time.
 *
 * <p>Used for the {@code User-Agent} header ({@code phat4j/<version>}) and for diagnostics.
 */
public final class Phat4jVersion {
  /** What {@link #current()} returns when the build did not stamp a version (an IDE run, say). */
  public static final String UNKNOWN = "dev";

  private static final String CURRENT =
      load(() -> Phat4jVersion.class.getResourceAsStream("version.properties"));

  private Phat4jVersion() {}

  /**
   * Returns the phat4j version, for example {@code 0.1.0-SNAPSHOT}.
   *
   * @return the version, or {@value #UNKNOWN} if the version resource is missing or unfiltered
   */
  public static String current() {
    return CURRENT;
  }

  /** Reads {@code version=} from the resource; any problem gives {@link #UNKNOWN}. */
  static String load(Supplier<@Nullable InputStream> resource) {
    try (InputStream in = resource.get()) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").strip();
      // An unfiltered resource still holds the Maven placeholder.
      return version.isEmpty() || version.contains("${") ? UNKNOWN : version;
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      return UNKNOWN;
    }
  }
}

package io.phat4j.attestation.dcap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Typed, strict reads of fields from a Jackson tree; every failure names the field path. */
public final class JsonFields {
  private JsonFields() {}

  /**
   * Returns a required child node.
   *
   * @param n the object
   * @param path the object's path for errors
   * @param field the key
   * @return the child
   */
  public static JsonNode required(JsonNode n, String path, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new DecodeException(path + "." + field, "is missing");
    }
    return v;
  }

  /**
   * Returns a required string.
   *
   * @param n the object
   * @param path the object's path for errors
   * @param field the key
   * @return the string
   */
  public static String text(JsonNode n, String path, String field) {
    JsonNode v = required(n, path, field);
    if (!v.isTextual()) {
      throw new DecodeException(path + "." + field, "must be a string");
    }
    return v.asText();
  }

  /**
   * Returns a required integer.
   *
   * @param n the object
   * @param path the object's path for errors
   * @param field the key
   * @param max the largest accepted value
   * @return the value, 0..max
   */
  public static int integer(JsonNode n, String path, String field, long max) {
    JsonNode v = required(n, path, field);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > max) {
      throw new DecodeException(path + "." + field, "must be an integer 0.." + max);
    }
    return (int) v.asLong();
  }

  /**
   * Returns a required RFC 3339 timestamp.
   *
   * @param n the object
   * @param path the object's path for errors
   * @param field the key
   * @return the instant
   */
  public static Instant instant(JsonNode n, String path, String field) {
    String s = text(n, path, field);
    Instant fast = utcSeconds(s);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new DecodeException(path + "." + field, -1, "is not an RFC 3339 timestamp: " + s, e);
    }
  }

  /**
   * Reads the one form Intel uses, {@code YYYY-MM-DDTHH:MM:SSZ}, without the general ISO parser (a
   * TCB info carries dozens of dates, and that parser was a few percent of a cold verification).
   * Returns null for anything else, which then goes to {@link OffsetDateTime#parse}; both reject the
   * same invalid fields, so the result never differs.
   */
  static @Nullable Instant utcSeconds(String s) {
    if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int off, int n) {
    int v = 0;
    for (int i = off; i < off + n; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * Returns a required hex string of a fixed byte length, normalised to lowercase.
   *
   * @param n the object
   * @param path the object's path for errors
   * @param field the key
   * @param bytes the required length in bytes
   * @return lowercase hex
   */
  public static String hex(JsonNode n, String path, String field, int bytes) {
    String s = text(n, path, field);
    Hex.decode(path + "." + field, s, bytes);
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * Returns a required array.
   *
   * @param n the object
   * @param path the object's path for errors
   * @param field the key
   * @return the array node
   */
  public static JsonNode array(JsonNode n, String path, String field) {
    JsonNode v = required(n, path, field);
    if (!v.isArray()) {
      throw new DecodeException(path + "." + field, "must be an array");
    }
    return v;
  }

  /**
   * Returns an optional array of strings (absent = empty).
   *
   * @param n the object
   * @param path the object's path for errors
   * @param field the key
   * @return the strings
   */
  public static List<String> strings(JsonNode n, String path, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new DecodeException(path + "." + field, "must be an array of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new DecodeException(path + "." + field, "must be an array of strings");
      }
      out.add(e.asText());
    }
    return List.copyOf(out);
  }
}

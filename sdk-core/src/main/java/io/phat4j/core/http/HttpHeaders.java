package io.phat4j.core.http;

import io.phat4j.core.http.internal.Redaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An ordered list of HTTP header fields with case-insensitive lookup by name.
 *
 * <p>Names keep the case they were given; lookups ignore case, as HTTP requires. {@code toString()}
 * prints the values of sensitive headers ({@code Authorization}, {@code X-API-Key}, {@code Cookie},
 * …) as {@code ██}.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpHeaders {
  private static final HttpHeaders EMPTY = new HttpHeaders(List.of());

  private final List<Map.Entry<String, String>> fields;

  private HttpHeaders(List<Map.Entry<String, String>> fields) {
    this.fields = fields;
  }

  /**
   * Returns the empty header list.
   *
   * @return headers with no fields
   */
  public static HttpHeaders empty() {
    return EMPTY;
  }

  /**
   * Creates headers from name/value pairs, in iteration order.
   *
   * @param fields the fields; names must be valid header tokens and values must be printable ASCII
   *     (or tab)
   * @return the headers
   * @throws IllegalArgumentException if a name or value is malformed
   */
  public static HttpHeaders of(Map<String, String> fields) {
    Builder builder = builder();
    fields.forEach(builder::add);
    return builder.build();
  }

  /**
   * Starts an empty header list.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these fields, to add or replace some.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.fields.addAll(fields);
    return builder;
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, in any case
   * @return the first value, or {@code null} if the header is absent
   */
  public @Nullable String value(String name) {
    for (Map.Entry<String, String> field : fields) {
      if (field.getKey().equalsIgnoreCase(name)) {
        return field.getValue();
      }
    }
    return null;
  }

  /**
   * Returns every value of a header, in order.
   *
   * @param name the header name, in any case
   * @return the values; empty if the header is absent
   */
  public List<String> values(String name) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> field : fields) {
      if (field.getKey().equalsIgnoreCase(name)) {
        values.add(field.getValue());
      }
    }
    return Collections.unmodifiableList(values);
  }

  /**
   * Tells whether a header is present.
   *
   * @param name the header name, in any case
   * @return {@code true} if at least one field has that name
   */
  public boolean contains(String name) {
    return value(name) != null;
  }

  /**
   * Returns the distinct header names, in first-seen order, as given.
   *
   * @return the names
   */
  public Set<String> names() {
    Set<String> lower = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (Map.Entry<String, String> field : fields) {
      if (lower.add(field.getKey().toLowerCase(Locale.ROOT))) {
        names.add(field.getKey());
      }
    }
    return Collections.unmodifiableSet(names);
  }

  /**
   * Returns every field as a name/value pair, in order.
   *
   * @return the fields
   */
  public List<Map.Entry<String, String>> fields() {
    return fields;
  }

  /**
   * Returns the number of fields (a repeated header counts once per value).
   *
   * @return the field count
   */
  public int size() {
    return fields.size();
  }

  /**
   * Tells whether there are no fields.
   *
   * @return {@code true} if empty
   */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpHeaders other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  /** Prints the fields with sensitive values replaced by {@code ██}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (Map.Entry<String, String> field : fields) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      String name = field.getKey();
      sb.append(name)
          .append(": ")
          .append(Redaction.isSensitiveByDefault(name) ? Redaction.MASK : field.getValue());
    }
    return sb.append(']').toString();
  }

  /** Collects header fields. Mutable and not thread-safe; {@link #build()} takes a snapshot. */
  public static final class Builder {
    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    private Builder() {}

    /**
     * Appends a field, keeping any earlier fields of the same name.
     *
     * @param name the header name (an HTTP token)
     * @param value the value (printable ASCII and tab)
     * @return this builder
     * @throws IllegalArgumentException if the name or value is malformed
     */
    public Builder add(String name, String value) {
      fields.add(Map.entry(checkName(name), checkValue(name, value)));
      return this;
    }

    /** Appends a field received from a server, which may carry non-ASCII bytes; no checks. */
    Builder addReceived(String name, String value) {
      fields.add(Map.entry(name, value));
      return this;
    }

    /**
     * Replaces every field of this name with one field.
     *
     * @param name the header name (an HTTP token)
     * @param value the value (printable ASCII and tab)
     * @return this builder
     * @throws IllegalArgumentException if the name or value is malformed
     */
    public Builder set(String name, String value) {
      remove(name);
      return add(name, value);
    }

    /**
     * Removes every field of this name.
     *
     * @param name the header name, in any case
     * @return this builder
     */
    public Builder remove(String name) {
      fields.removeIf(field -> field.getKey().equalsIgnoreCase(name));
      return this;
    }

    /**
     * Takes an immutable snapshot of the fields.
     *
     * @return the headers
     */
    public HttpHeaders build() {
      return fields.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(fields));
    }

    private static String checkName(String name) {
      Objects.requireNonNull(name, "header name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("header name is empty");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
          throw new IllegalArgumentException(
              "header name has an invalid character at index " + i + ": " + name);
        }
      }
      return name;
    }

    private static String checkValue(String name, String value) {
      Objects.requireNonNull(value, "header value");
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        // Printable ASCII and tab only, as on the wire. The value may be secret: name the header
        // only.
        if (c != '\t' && (c < 0x20 || c > 0x7e)) {
          throw new IllegalArgumentException(
              "value of header " + name + " has an invalid character at index " + i);
        }
      }
      return value;
    }
  }
}

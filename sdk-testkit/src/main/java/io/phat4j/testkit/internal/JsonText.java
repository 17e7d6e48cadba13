package io.phat4j.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.json.PhalaJson;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Compact JSON text in the style of Intel's PCS documents (field order as inserted). */
public final class JsonText {
  private JsonText() {}

  /**
   * Returns a new empty object node.
   *
   * @return the node
   */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Returns a new array node with the given strings.
   *
   * @param values the strings
   * @return the node
   */
  public static ArrayNode strings(List<String> values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    values.forEach(a::add);
    return a;
  }

  /**
   * Formats an instant like Intel does ({@code 2025-06-19T10:56:11Z}).
   *
   * @param instant the instant
   * @return RFC 3339 UTC with second precision
   */
  public static String date(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Serialises compactly (no whitespace).
   *
   * @param node the tree
   * @return the JSON text
   */
  public static String compact(ObjectNode node) {
    return PhalaJson.writeString(node);
  }
}

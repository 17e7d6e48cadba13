package io.phat4j.core.dstack.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.internal.JsJsonString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON tree byte for byte as {@code @phala/dstack-sdk}'s {@code getComposeHash} does: its
 * recursive key sort followed by {@code JSON.stringify} without indentation.
 *
 * <p>What JavaScript does, and this class reproduces:
 *
 * <ul>
 *   <li>Keys are sorted by UTF-16 code units, then stored in a fresh object; a JS object lists
 *       array-index keys ({@code "0"} … {@code "4294967294"}) first, in numeric order.
 *   <li>The sort only touches objects whose {@code constructor} is {@code Object}. An object with
 *       its own {@code "constructor"} key fails that test, so it and everything below it keep
 *       document order (array-index keys still first).
 *   <li>In a sorted object a {@code "__proto__"} key is assigned with {@code result[key] = v},
 *       which sets the prototype instead of adding a property, so the key disappears.
 *   <li>Numbers print as {@link JsNumber}; NaN and ±Infinity (e.g. {@code 1e400}) print as
 *       {@code null}.
 *   <li>Strings escape {@code "} {@code \} and control characters ({@code \b \f \n \r \t}, others
 *       as {@code \}{@code u00xx}) and lone surrogates as {@code \}{@code udxxx}; everything else is
 *       written raw.
 * </ul>
 *
 * <p>Numbers in the tree must be doubles as JavaScript read them (see {@link StrictJson.Numbers}).
 */
public final class JsCanonicalJson {
  private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

  private JsCanonicalJson() {}

  /**
   * Serialises a tree in the sorted, compact form.
   *
   * @param node the tree (numbers as doubles)
   * @return the JSON text
   */
  public static String write(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(sb, node, true);
    return sb.toString();
  }

  /**
   * Quotes a string as {@code JSON.stringify} (and RFC 8785) do.
   *
   * @param s the string
   * @return the quoted, escaped string
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    JsJsonString.append(sb, s);
    return sb.toString();
  }

  /**
   * Tells whether a property key is an ECMAScript array index, which objects list first.
   *
   * @param key the key
   * @return true for the canonical decimal forms of 0 … 2^32−2
   */
  public static boolean isArrayIndex(String key) {
    int len = key.length();
    if (len == 0 || len > 10 || (len > 1 && key.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return Long.parseLong(key) <= MAX_ARRAY_INDEX;
  }

  private static void write(StringBuilder sb, JsonNode node, boolean sorting) {
    if (node.isObject()) {
      writeObject(sb, node, sorting && !node.has("constructor"));
    } else if (node.isArray()) {
      sb.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, node.get(i), sorting);
      }
      sb.append(']');
    } else if (node.isTextual()) {
      JsJsonString.append(sb, node.textValue());
    } else if (node.isNumber()) {
      double d = node.doubleValue();
      sb.append(Double.isFinite(d) ? JsNumber.toString(d) : "null");
    } else if (node.isBoolean()) {
      sb.append(node.booleanValue());
    } else {
      sb.append("null");
    }
  }

  private static void writeObject(StringBuilder sb, JsonNode node, boolean sorted) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
    if (sorted) {
      entries.removeIf(e -> e.getKey().equals("__proto__"));
      entries.sort(Map.Entry.comparingByKey());
    }
    // Array-index keys come first in numeric order; a stable sort keeps the rest in place.
    entries.sort(
        Comparator.comparingLong(
            (Map.Entry<String, JsonNode> e) -> isArrayIndex(e.getKey()) ? Long.parseLong(e.getKey()) : Long.MAX_VALUE));
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> e : entries) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      JsJsonString.append(sb, e.getKey());
      sb.append(':');
      write(sb, e.getValue(), sorted);
    }
    sb.append('}');
  }

}

package io.phat4j.core.dstack.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.DecodeException;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads one JSON document into a Jackson tree, more strictly than a data-binding mapper does.
 *
 * <p>It rejects duplicate object keys (parsers disagree on which value wins, so an ambiguous
 * document must not be measured or verified), content after the document, and a UTF-8 byte order
 * mark (JSON.parse and serde_json reject both). Every failure is a {@link DecodeException} with
 * the byte offset.
 *
 * <p>Numbers are kept in one of two forms: as JavaScript would see them ({@code double}, parsed
 * from the literal text with correct rounding, the same value {@code JSON.parse} gives), or exact
 * (integers as int/long/BigInteger nodes, fractions as BigDecimal) for fields that must be
 * integral.
 */
public final class StrictJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** How numbers are represented in the tree. */
  public enum Numbers {
    /** As an IEEE double, exactly as JavaScript's JSON.parse reads them. */
    JAVASCRIPT,
    /** Exactly: integral literals as integer nodes, the rest as BigDecimal. */
    EXACT
  }

  private StrictJson() {}

  /**
   * Parses UTF-8 JSON bytes.
   *
   * @param what the document's name for error messages
   * @param json the bytes
   * @param numbers how to keep numbers
   * @return the tree
   * @throws DecodeException if the bytes are not exactly one well-formed JSON value without
   *     duplicate keys
   */
  public static JsonNode parse(String what, byte[] json, Numbers numbers) {
    if (json.length >= 3 && (json[0] & 0xff) == 0xef && (json[1] & 0xff) == 0xbb && (json[2] & 0xff) == 0xbf) {
      throw new DecodeException(what, 0, "starts with a UTF-8 byte order mark, which JSON does not allow", null);
    }
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new DecodeException(what, 0, "is empty", null);
      }
      JsonNode root = read(what, p, numbers);
      JsonToken trailing;
      try {
        trailing = p.nextToken();
      } catch (JsonProcessingException e) {
        throw new DecodeException(
            what, offset(e.getLocation()), "has content after the JSON value: " + e.getOriginalMessage(), e);
      }
      if (trailing != null) {
        throw new DecodeException(
            what, offset(p.currentTokenLocation()), "has content after the JSON value", null);
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new DecodeException(what, offset(e.getLocation()), "is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DecodeException(what, -1, "could not be read: " + e.getMessage(), e);
    }
  }

  private static JsonNode read(String what, JsonParser p, Numbers numbers) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode obj = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          long keyOffset = offset(p.currentTokenLocation());
          p.nextToken();
          JsonNode value = read(what, p, numbers);
          if (obj.replace(key, value) != null) {
            throw new DecodeException(what, keyOffset, "has a duplicate key \"" + key + "\"", null);
          }
        }
        return obj;
      }
      case START_ARRAY -> {
        ArrayNode arr = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          arr.add(read(what, p, numbers));
        }
        return arr;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        long at = offset(p.currentTokenLocation());
        try {
          return number(p, numbers);
        } catch (NumberFormatException e) {
          // e.g. an exponent beyond BigDecimal's int range ("1e99999999999")
          throw new DecodeException(what, at, "has a number out of range: " + e.getMessage(), e);
        }
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new DecodeException(what, offset(p.currentTokenLocation()), "unexpected JSON token " + t, null);
    }
  }

  private static JsonNode number(JsonParser p, Numbers numbers) throws IOException {
    if (numbers == Numbers.JAVASCRIPT) {
      // Double.parseDouble rounds the decimal literal correctly, like ECMAScript's ToNumber.
      return NODES.numberNode(Double.parseDouble(p.getText()));
    }
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      return switch (p.getNumberType()) {
        case INT -> NODES.numberNode(p.getIntValue());
        case LONG -> NODES.numberNode(p.getLongValue());
        default -> NODES.numberNode(p.getBigIntegerValue());
      };
    }
    return NODES.numberNode(new BigDecimal(p.getText()));
  }

  private static long offset(JsonLocation loc) {
    if (loc == null) {
      return -1;
    }
    return loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset();
  }
}

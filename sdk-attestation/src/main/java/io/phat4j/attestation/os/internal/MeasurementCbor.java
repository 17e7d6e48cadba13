package io.phat4j.attestation.os.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.phat4j.core.DecodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the CBOR of {@code measurement.tdx.cbor} with jackson-dataformat-cbor: maps
 * with text keys, byte strings for digests, definite lengths and shortest heads (as dstack's
 * encoder writes them, so a document re-encodes to the same bytes).
 */
public final class MeasurementCbor {
  /** Far above a real document (about 400 bytes); bounds work on hostile input. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final CBORMapper MAPPER = CBORMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private MeasurementCbor() {}

  /**
   * Parses CBOR into a tree.
   *
   * @param field the field name for errors
   * @param cbor the bytes
   * @return the root node
   * @throws DecodeException if the bytes are not one well-formed CBOR item within the size bound
   */
  public static JsonNode readTree(String field, byte[] cbor) {
    if (cbor.length > MAX_BYTES) {
      throw new DecodeException(field, "is " + cbor.length + " bytes, over the " + MAX_BYTES + "-byte limit");
    }
    try {
      JsonNode node = MAPPER.readTree(cbor);
      if (node == null || node.isMissingNode()) {
        throw new DecodeException(field, "is empty");
      }
      return node;
    } catch (IOException | RuntimeException e) {
      if (e instanceof DecodeException de) {
        throw de;
      }
      throw new DecodeException(field, -1, "is not valid CBOR: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "parse error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Returns a required map member. */
  public static JsonNode member(JsonNode map, String field, String name) {
    if (!map.isObject()) {
      throw new DecodeException(field, "must be a CBOR map");
    }
    JsonNode v = map.get(name);
    if (v == null || v.isNull()) {
      throw new DecodeException(field + "." + name, "is missing");
    }
    return v;
  }

  /** Returns an optional map member, or null when absent. */
  public static @Nullable JsonNode optionalMember(JsonNode map, String name) {
    JsonNode v = map.get(name);
    return v == null || v.isNull() ? null : v;
  }

  /** Reads an unsigned 32-bit integer. */
  public static long u32(JsonNode node, String field) {
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0 || node.asLong() > 0xFFFF_FFFFL) {
      throw new DecodeException(field, "must be an unsigned 32-bit integer");
    }
    return node.asLong();
  }

  /** Reads a byte string of a required length (or any length when {@code length} is negative). */
  public static byte[] bytes(JsonNode node, String field, int length) {
    if (!node.isBinary()) {
      throw new DecodeException(field, "must be a CBOR byte string");
    }
    byte[] b;
    try {
      b = node.binaryValue();
    } catch (IOException e) {
      throw new DecodeException(field, -1, "is not a byte string", e);
    }
    if (length >= 0 && b.length != length) {
      throw new DecodeException(field, "must be " + length + " bytes, got " + b.length);
    }
    return b;
  }

  /** Reads a text string. */
  public static String text(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw new DecodeException(field, "must be a CBOR text string");
    }
    return node.textValue();
  }

  /** Reads a boolean. */
  public static boolean bool(JsonNode node, String field) {
    if (!node.isBoolean()) {
      throw new DecodeException(field, "must be a CBOR boolean");
    }
    return node.booleanValue();
  }

  /** An ordered map to write: values are {@code Long}, {@code String}, {@code byte[]}, {@code Boolean} or nested maps. */
  public static byte[] write(Map<String, Object> map) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      writeMap(g, map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static void writeMap(JsonGenerator g, Map<String, Object> map) throws IOException {
    g.writeStartObject(map, map.size());
    Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Object> e = it.next();
      g.writeFieldName(e.getKey());
      Object v = e.getValue();
      if (v instanceof Long l) {
        g.writeNumber(l);
      } else if (v instanceof String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        g.writeUTF8String(utf8, 0, utf8.length);
      } else if (v instanceof byte[] b) {
        g.writeBinary(b);
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (v instanceof Map<?, ?> m) {
        writeMap(g, (Map<String, Object>) m);
      } else {
        throw new IllegalArgumentException("unsupported CBOR value " + v.getClass());
      }
    }
    g.writeEndObject();
  }
}

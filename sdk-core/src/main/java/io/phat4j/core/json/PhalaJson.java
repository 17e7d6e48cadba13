package io.phat4j.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.phat4j.core.DecodeException;
import io.phat4j.core.PhalaException;
import java.io.IOException;

/**
 * The one Jackson configuration phat4j uses for wire JSON.
 *
 * <p>Wire names are {@code snake_case}; unknown fields are ignored (a service may add fields at any
 * time), but trailing content and duplicate keys are rejected; enums read unknown values as null so typed enums can map them to {@code UNKNOWN}. Parse
 * failures become {@link DecodeException}s naming what was being read.
 *
 * <p>Thread-safe: the mapper is configured once and never changed.
 */
public final class PhalaJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          // A document with two values, or the same key twice, has no single meaning: reject it.
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private PhalaJson() {}

  /**
   * Returns a copy of the configured mapper, for callers that want to extend it. Changing the copy
   * does not affect phat4j.
   *
   * @return a new mapper with phat4j's settings
   */
  public static ObjectMapper newMapper() {
    return MAPPER.copy();
  }

  /**
   * Reads JSON bytes into a type.
   *
   * @param what a name for the document, used in error messages (e.g. {@code "cvm info"})
   * @param json the UTF-8 JSON
   * @param type the target type
   * @param <T> the target type
   * @return the value
   * @throws DecodeException if the JSON is malformed or does not fit the type
   */
  public static <T> T read(String what, byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw decodeError(what, e);
    }
  }

  /**
   * Reads JSON bytes into a generic type.
   *
   * @param what a name for the document, used in error messages
   * @param json the UTF-8 JSON
   * @param type the target type
   * @param <T> the target type
   * @return the value
   * @throws DecodeException if the JSON is malformed or does not fit the type
   */
  public static <T> T read(String what, byte[] json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw decodeError(what, e);
    }
  }

  /**
   * Reads JSON text into a tree.
   *
   * @param what a name for the document, used in error messages
   * @param json the JSON text
   * @return the tree
   * @throws DecodeException if the JSON is malformed
   */
  public static JsonNode readTree(String what, String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw decodeError(what, e);
    }
  }

  /**
   * Reads JSON bytes into a tree.
   *
   * @param what a name for the document, used in error messages
   * @param json the UTF-8 JSON
   * @return the tree
   * @throws DecodeException if the JSON is malformed
   */
  public static JsonNode readTree(String what, byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw decodeError(what, e);
    }
  }

  /**
   * Converts a tree to a type.
   *
   * @param what a name for the document, used in error messages
   * @param node the tree
   * @param type the target type
   * @param <T> the target type
   * @return the value
   * @throws DecodeException if the tree does not fit the type
   */
  public static <T> T convert(String what, JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new DecodeException(what, -1, "does not have the expected shape: " + e.getMessage(), e);
    }
  }

  /**
   * Writes a value as compact JSON bytes.
   *
   * @param value the value
   * @return UTF-8 JSON
   * @throws PhalaException if the value cannot be serialised (a programming error)
   */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new PhalaException("cannot serialise " + value.getClass().getSimpleName() + " to JSON", e);
    }
  }

  /**
   * Writes a value as compact JSON text.
   *
   * @param value the value
   * @return the JSON text
   * @throws PhalaException if the value cannot be serialised (a programming error)
   */
  public static String writeString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new PhalaException("cannot serialise " + value.getClass().getSimpleName() + " to JSON", e);
    }
  }

  private static DecodeException decodeError(String what, IOException e) {
    String detail = e.getMessage();
    long offset = -1;
    if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
      // Byte input reports a byte offset, text input a char offset; the other is -1.
      offset = Math.max(jpe.getLocation().getByteOffset(), jpe.getLocation().getCharOffset());
      detail = jpe.getOriginalMessage();
    }
    return new DecodeException(what, offset, "is not valid JSON of the expected shape: " + detail, e);
  }
}

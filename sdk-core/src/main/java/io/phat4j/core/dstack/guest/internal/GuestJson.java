package io.phat4j.core.dstack.guest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.SecretBytes;
import io.phat4j.core.json.PhalaJson;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the guest agent's JSON replies field by field, so every failure names {@code
 * Method.field} and missing optional fields take the proto3 defaults (empty string, empty list).
 */
public final class GuestJson {
  private GuestJson() {}

  /**
   * Parses a reply body that must be a JSON object.
   *
   * @param method the RPC, for error messages
   * @param body the UTF-8 body
   * @return the object node
   * @throws DecodeException if the body is not a JSON object
   */
  public static JsonNode object(String method, byte[] body) {
    JsonNode node = PhalaJson.readTree(method + " response", body);
    if (!node.isObject()) {
      throw new DecodeException(method + " response", "must be a JSON object");
    }
    return node;
  }

  /**
   * Returns the {@code error} text of a reply, if it has one.
   *
   * @param body the reply body, possibly not JSON
   * @return the error text, or {@code null} if the body is not a JSON object with an {@code error}
   */
  public static @Nullable String errorText(byte[] body) {
    if (body.length == 0 || body[0] != '{') {
      return null;
    }
    try {
      JsonNode node = PhalaJson.readTree("error body", body);
      JsonNode error = node.get("error");
      if (error == null || error.isNull()) {
        return null;
      }
      String text = error.isTextual() ? error.textValue() : error.toString();
      // Keep exception messages bounded whatever the agent sends.
      return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    } catch (DecodeException e) {
      return null;
    }
  }

  /**
   * Returns a string field; absent or null means empty, as in proto3 JSON.
   *
   * @param node the object
   * @param method the RPC, for error messages
   * @param field the field name
   * @return the text, possibly empty
   * @throws DecodeException if the field is present but not a string
   */
  public static String text(JsonNode node, String method, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new DecodeException(method + "." + field, "must be a string");
    }
    return value.textValue();
  }

  /**
   * Returns an optional 32-byte hex field; absent or empty gives {@code null}.
   *
   * @param node the object
   * @param method the RPC (or nested document), for error messages
   * @param field the field name
   * @return the value, or {@code null}
   * @throws DecodeException if present but not 32 bytes of hex
   */
  public static @Nullable Bytes32 optionalBytes32(JsonNode node, String method, String field) {
    String hex = text(node, method, field);
    return hex.isEmpty() ? null : Bytes32.of(Hex.decode(method + "." + field, hex, Bytes32.LENGTH));
  }

  /**
   * Returns a required, non-empty hex field as bytes.
   *
   * @param node the object
   * @param method the RPC, for error messages
   * @param field the field name
   * @return the bytes
   * @throws DecodeException if absent, empty, not a string or not hex
   */
  public static byte[] requiredHex(JsonNode node, String method, String field) {
    String text = text(node, method, field);
    if (text.isEmpty()) {
      throw new DecodeException(method + "." + field, "is missing or empty");
    }
    return Hex.decode(method + "." + field, text);
  }

  /**
   * Returns an optional hex field; absent or empty gives an empty array.
   *
   * @param node the object
   * @param method the RPC, for error messages
   * @param field the field name
   * @return the bytes, possibly empty
   * @throws DecodeException if present but not hex
   */
  public static byte[] hex(JsonNode node, String method, String field) {
    return Hex.decode(method + "." + field, text(node, method, field));
  }

  /**
   * Returns a required hex field that holds a secret.
   *
   * @param node the object
   * @param method the RPC, for error messages
   * @param field the field name
   * @param length the required length in bytes
   * @return the secret
   * @throws DecodeException if absent, not hex or of the wrong length; the message never echoes
   *     the value
   */
  public static SecretBytes secretHex(JsonNode node, String method, String field, int length) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new DecodeException(method + "." + field, "is missing or not a string");
    }
    return SecretBytes.fromHex(method + "." + field, value.textValue(), length);
  }

  /**
   * Returns a list of hex strings as byte arrays; absent means empty.
   *
   * @param node the object
   * @param method the RPC, for error messages
   * @param field the field name
   * @return the decoded entries, in order
   * @throws DecodeException if not an array of hex strings
   */
  public static List<byte[]> hexList(JsonNode node, String method, String field) {
    List<String> texts = textList(node, method, field);
    List<byte[]> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      out.add(Hex.decode(method + "." + field + "[" + i + "]", texts.get(i)));
    }
    return out;
  }

  /**
   * Returns a list of strings; absent means empty.
   *
   * @param node the object
   * @param method the RPC, for error messages
   * @param field the field name
   * @return the strings, in order
   * @throws DecodeException if not an array of strings
   */
  public static List<String> textList(JsonNode node, String method, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new DecodeException(method + "." + field, "must be an array");
    }
    List<String> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      JsonNode entry = value.get(i);
      if (!entry.isTextual()) {
        throw new DecodeException(method + "." + field + "[" + i + "]", "must be a string");
      }
      out.add(entry.textValue());
    }
    return List.copyOf(out);
  }
}

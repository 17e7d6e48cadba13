package io.phat4j.core.crypto.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.phat4j.core.DecodeException;
import io.phat4j.core.SecretString;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.internal.JsJsonString;
import io.phat4j.core.json.PhalaJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The env plaintext {@code {"env":[{"key":K,"value":V},…]}}: written exactly as JavaScript's
 * {@code JSON.stringify} writes it, read with Jackson.
 *
 * <p>Writing is done here rather than with Jackson because the bytes must match the reference SDK:
 * {@code JSON.stringify} escapes control characters with lowercase <code>&#92;u00xx</code>, keeps
 * non-ASCII as raw UTF-8 and escapes lone surrogates as <code>&#92;udxxx</code>, which Jackson does not.
 */
public final class EnvJson {
  private static final String FIELD = "env_json";

  private static final ObjectReader READER =
      PhalaJson.newMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .reader()
          // Never copy decrypted text into parser messages.
          .without(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION);

  private EnvJson() {}

  /**
   * Serialises env vars as compact JSON in the given order, byte for byte like
   * {@code JSON.stringify({env: vars})}.
   *
   * @param vars the env vars
   * @return the UTF-8 bytes
   */
  public static byte[] write(List<EnvVar> vars) {
    StringBuilder sb = new StringBuilder(32 + 32 * vars.size());
    sb.append("{\"env\":[");
    for (int i = 0; i < vars.size(); i++) {
      EnvVar v = vars.get(i);
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"key\":");
      JsJsonString.append(sb, v.key());
      sb.append(",\"value\":");
      JsJsonString.append(sb, v.value().reveal());
      sb.append('}');
    }
    sb.append("]}");
    // Every lone surrogate was escaped, so the UTF-8 encoding is lossless.
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses decrypted env JSON. Error messages give the position and the expected shape, never the
   * text, because the text is secret.
   *
   * @param json the UTF-8 plaintext
   * @return the env vars in document order
   * @throws DecodeException if it is not JSON of the shape {@code {"env":[{"key":"…","value":"…"}]}}
   */
  public static List<EnvVar> read(byte[] json) {
    JsonNode root;
    try {
      root = READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new DecodeException(FIELD, offset(e.getLocation()), "is not valid JSON", null);
    } catch (IOException e) {
      throw new DecodeException(FIELD, "is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new DecodeException(FIELD, "must be a JSON object with an \"env\" array");
    }
    JsonNode env = root.get("env");
    if (env == null || !env.isArray()) {
      throw new DecodeException(FIELD, "must have an \"env\" array");
    }
    List<EnvVar> out = new ArrayList<>(env.size());
    for (int i = 0; i < env.size(); i++) {
      JsonNode item = env.get(i);
      JsonNode key = item.isObject() ? item.get("key") : null;
      JsonNode value = item.isObject() ? item.get("value") : null;
      if (key == null || !key.isTextual() || value == null || !value.isTextual()) {
        throw new DecodeException(
            FIELD, "env[" + i + "] must be an object with string \"key\" and \"value\"");
      }
      out.add(new EnvVar(key.textValue(), SecretString.of(value.textValue())));
    }
    return List.copyOf(out);
  }

  private static long offset(JsonLocation location) {
    if (location == null) {
      return -1;
    }
    long bytes = location.getByteOffset();
    return bytes >= 0 ? bytes : location.getCharOffset();
  }
}

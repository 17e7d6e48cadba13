package io.phat4j.contracts.cloud.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.contracts.cloud.CloudAuthException;
import io.phat4j.contracts.cloud.CloudConflictException;
import io.phat4j.contracts.cloud.CloudError;
import io.phat4j.contracts.cloud.CloudNotFoundException;
import io.phat4j.contracts.cloud.CloudRateLimitException;
import io.phat4j.contracts.cloud.CloudServerException;
import io.phat4j.contracts.cloud.CloudValidationException;
import io.phat4j.contracts.cloud.KmsInfo;
import io.phat4j.contracts.cloud.OnChainRegistrationRequired;
import io.phat4j.contracts.cloud.OnChainStatus;
import io.phat4j.contracts.cloud.PhalaCloudException;
import io.phat4j.core.PhalaException;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Turns Phala Cloud error answers into typed exceptions and 465 answers into outcomes. */
public final class CloudErrors {
  /** The custom status for "register the compose hash on chain first". */
  public static final int REGISTRATION_REQUIRED = 465;

  // The API sets X-Request-ID (the official SDK reads that one); the others are common aliases.
  private static final List<String> REQUEST_ID_HEADERS =
      List.of("X-Request-ID", "X-Correlation-ID", "X-Trace-ID");
  private static final int MAX_RAW = 4096;

  private CloudErrors() {}

  /**
   * Decodes an error answer into the matching exception type.
   *
   * @param response a non-2xx response
   * @param what the action, e.g. {@code "GET /cvms/{id}"}, used in the message
   * @return the exception to throw
   */
  public static PhalaCloudException exception(HttpResponse response, String what) {
    CloudError error = decode(response, what);
    int status = response.status();
    if (status == 401 || status == 403) {
      return new CloudAuthException(error);
    }
    if (status == 404) {
      return new CloudNotFoundException(error);
    }
    if (status == 409) {
      return new CloudConflictException(error);
    }
    if (status == 422) {
      return new CloudValidationException(error);
    }
    if (status == 429) {
      return new CloudRateLimitException(error, retryAfter(response.header("Retry-After")));
    }
    if (status >= 500) {
      return new CloudServerException(error);
    }
    return new PhalaCloudException(error);
  }

  /**
   * Decodes a 465 answer into the on-chain registration it asks for.
   *
   * @param response the 465 response
   * @return what must be registered
   */
  public static OnChainRegistrationRequired registration(HttpResponse response) {
    JsonNode detail = detail(response);
    String message = "compose hash must be registered on chain";
    String code = null;
    Map<String, JsonNode> fields = new HashMap<>();
    if (detail != null && detail.isObject()) {
      message = text(detail.get("message"), message);
      code = textOrNull(detail.get("error_code"));
      // The fields come as details[{field, value}], but accept them at the top level too.
      for (Map.Entry<String, JsonNode> e : detail.properties()) {
        fields.put(e.getKey(), e.getValue());
      }
      JsonNode details = detail.get("details");
      if (details != null && details.isArray()) {
        for (JsonNode d : details) {
          String field = textOrNull(d.get("field"));
          if (field != null && d.has("value")) {
            fields.put(field, d.get("value"));
          }
        }
      }
    } else if (detail != null && detail.isTextual()) {
      message = detail.asText();
    }
    return new OnChainRegistrationRequired(
        message,
        code,
        textOrNull(fields.get("compose_hash")),
        textOrNull(fields.get("app_id")),
        textOrNull(fields.get("device_id")),
        object(fields.get("kms_info"), KmsInfo.class),
        textOrNull(fields.get("commit_token")),
        textOrNull(fields.get("commit_url")),
        textOrNull(fields.get("api_commit_url")),
        object(fields.get("onchain_status"), OnChainStatus.class));
  }

  private static <T> @Nullable T object(@Nullable JsonNode node, Class<T> type) {
    if (node == null || node.isNull()) {
      return null;
    }
    JsonNode value = node;
    if (node.isTextual()) {
      // Some answers carry nested objects as JSON text.
      try {
        value = PhalaJson.readTree(type.getSimpleName(), node.asText());
      } catch (PhalaException e) {
        return null;
      }
    }
    if (!value.isObject()) {
      return null;
    }
    return PhalaJson.convert(type.getSimpleName(), value, type);
  }

  static CloudError decode(HttpResponse response, String what) {
    String raw = rawText(response);
    JsonNode root = parse(response);
    JsonNode detail = detailOf(root);
    // The request id: in the structured detail, else at the top of the body, else the header.
    String requestId = detail != null && detail.isObject() ? textOrNull(detail.get("request_id")) : null;
    if (requestId == null && root != null) {
      requestId = textOrNull(root.get("request_id"));
    }
    if (requestId == null) {
      requestId = requestId(response);
    }
    String type = root == null ? null : textOrNull(root.get("type"));
    List<CloudError.FieldDetail> fieldDetails = new ArrayList<>();
    List<String> suggestions = new ArrayList<>();
    List<CloudError.Link> links = new ArrayList<>();
    List<CloudError.ValidationIssue> issues = new ArrayList<>();
    String code = root == null ? null : textOrNull(root.get("code"));
    String message;
    if (detail == null || detail.isNull()) {
      message = root == null ? "HTTP " + response.status() : text(root.get("message"), "HTTP " + response.status());
    } else if (detail.isTextual()) {
      message = detail.asText();
    } else if (detail.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode item : detail) {
        List<String> loc = new ArrayList<>();
        JsonNode locNode = item.get("loc");
        if (locNode != null && locNode.isArray()) {
          locNode.forEach(l -> loc.add(l.asText()));
        }
        String msg = text(item.get("msg"), "invalid");
        issues.add(new CloudError.ValidationIssue(loc, msg, textOrNull(item.get("type"))));
        if (!sb.isEmpty()) {
          sb.append("; ");
        }
        sb.append(loc.isEmpty() ? "" : String.join(".", loc) + ": ").append(msg);
      }
      message = sb.isEmpty() ? "validation failed" : "validation failed: " + sb;
    } else if (detail.isObject()) {
      message = text(detail.get("message"), "HTTP " + response.status());
      String detailCode = textOrNull(detail.get("error_code"));
      if (detailCode != null) {
        code = detailCode;
      }
      JsonNode details = detail.get("details");
      if (details != null && details.isArray()) {
        for (JsonNode d : details) {
          JsonNode value = d.get("value");
          fieldDetails.add(
              new CloudError.FieldDetail(
                  text(d.get("field"), ""),
                  value == null || value.isNull()
                      ? null
                      : value.isTextual() ? value.asText() : value.toString(),
                  textOrNull(d.get("message"))));
        }
      }
      JsonNode sug = detail.get("suggestions");
      if (sug != null && sug.isArray()) {
        sug.forEach(s -> suggestions.add(s.asText()));
      }
      JsonNode lk = detail.get("links");
      if (lk != null && lk.isArray()) {
        for (JsonNode l : lk) {
          links.add(new CloudError.Link(text(l.get("label"), ""), text(l.get("url"), "")));
        }
      }
    } else {
      message = detail.toString();
    }
    return new CloudError(
        response.status(),
        what + " failed: " + message,
        code,
        requestId,
        type,
        fieldDetails,
        suggestions,
        links,
        issues,
        raw);
  }

  private static @Nullable JsonNode detail(HttpResponse response) {
    return detailOf(parse(response));
  }

  /** The FastAPI {@code detail}, or the whole body when the structured error sits at its top. */
  private static @Nullable JsonNode detailOf(@Nullable JsonNode root) {
    if (root == null) {
      return null;
    }
    JsonNode detail = root.get("detail");
    if ((detail == null || detail.isNull()) && root.hasNonNull("error_code")) {
      return root;
    }
    return detail;
  }

  private static @Nullable JsonNode parse(HttpResponse response) {
    byte[] body = response.body();
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode node = PhalaJson.readTree("error body", body);
      return node.isObject() ? node : null;
    } catch (PhalaException e) {
      return null;
    }
  }

  private static String rawText(HttpResponse response) {
    String text = new String(response.body(), StandardCharsets.UTF_8);
    return text.length() > MAX_RAW ? text.substring(0, MAX_RAW) + "…" : text;
  }

  /**
   * Returns the request id the server assigned, from the first known header present.
   *
   * @param response the response
   * @return the request id or {@code null}
   */
  public static @Nullable String requestId(HttpResponse response) {
    for (String name : REQUEST_ID_HEADERS) {
      String value = response.header(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  static @Nullable Duration retryAfter(@Nullable String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String text(@Nullable JsonNode node, String fallback) {
    String t = textOrNull(node);
    return t == null ? fallback : t;
  }

  private static @Nullable String textOrNull(@Nullable JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }
}

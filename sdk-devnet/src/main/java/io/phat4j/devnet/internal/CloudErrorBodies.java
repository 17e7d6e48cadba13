package io.phat4j.devnet.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Phala Cloud's error bodies (FastAPI style, every one under {@code detail}): a string, a Pydantic
 * validation list (HTTP 422), or a structured {@code {error_code, message, details, suggestions}}.
 */
final class CloudErrorBodies {
  private CloudErrorBodies() {}

  /** Thrown by handlers to answer with an error body. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient ObjectNode body;

    Failure(int status, ObjectNode body) {
      super(body.toString(), null, false, false);
      this.status = status;
      this.body = body;
    }
  }

  static Failure text(int status, String detail) {
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("detail", detail);
    return new Failure(status, o);
  }

  /**
   * A 422 with one Pydantic issue.
   *
   * @param type e.g. {@code missing}, {@code string_type}, {@code value_error}
   * @param loc the location, e.g. {@code body, name}
   * @param msg the message
   */
  static Failure validation(String type, List<Object> loc, String msg) {
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    ArrayNode detail = o.putArray("detail");
    ObjectNode issue = detail.addObject();
    issue.put("type", type);
    ArrayNode l = issue.putArray("loc");
    for (Object p : loc) {
      if (p instanceof Integer i) {
        l.add(i);
      } else {
        l.add(String.valueOf(p));
      }
    }
    issue.put("msg", msg);
    return new Failure(422, o);
  }

  static Failure missing(String... loc) {
    return validation("missing", List.of((Object[]) loc), "Field required");
  }

  /**
   * A structured error.
   *
   * @param status the HTTP status
   * @param code e.g. {@code ERR-03-001}
   * @param message the message
   * @param field the field the error is about, or null
   * @param value its value
   * @param suggestion one suggestion, or null
   */
  static Failure structured(int status, String code, String message, String field, String value, String suggestion) {
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    ObjectNode d = o.putObject("detail");
    d.put("error_code", code);
    d.put("message", message);
    ArrayNode details = d.putArray("details");
    if (field != null) {
      details.addObject().put("field", field).put("value", value);
    }
    ArrayNode s = d.putArray("suggestions");
    if (suggestion != null) {
      s.add(suggestion);
    }
    d.putArray("links");
    return new Failure(status, o);
  }
}

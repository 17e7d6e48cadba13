package io.phat4j.devnet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request and its answer: method, path, query, body, and ways to reply with JSON, text or a
 * Server-Sent-Events stream. Bodies over 1 MiB are refused.
 */
public final class HttpRequests {
  /** The JSON mapper for every devnet answer (field names are written as given). */
  public static final ObjectMapper JSON = new ObjectMapper();

  private static final int MAX_BODY = 1 << 20;

  private final HttpExchange exchange;
  private final Map<String, String> query;
  private byte @Nullable [] body;

  HttpRequests(HttpExchange exchange) {
    this.exchange = exchange;
    this.query = parseQuery(exchange.getRequestURI().getRawQuery());
  }

  /**
   * Returns the method.
   *
   * @return e.g. {@code GET}
   */
  public String method() {
    return exchange.getRequestMethod().toUpperCase(Locale.ROOT);
  }

  /**
   * Returns the decoded path.
   *
   * @return e.g. {@code /api/v1/cvms/provision}
   */
  public String path() {
    return exchange.getRequestURI().getPath();
  }

  /**
   * Returns a query parameter.
   *
   * @param name the name
   * @return the first value, or null
   */
  public @Nullable String query(String name) {
    return query.get(name);
  }

  /**
   * Returns all query parameters (first value of each).
   *
   * @return an unmodifiable map
   */
  public Map<String, String> queryParameters() {
    return Map.copyOf(query);
  }

  /**
   * Returns a request header.
   *
   * @param name the name, any case
   * @return the first value, or null
   */
  public @Nullable String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /**
   * Reads the body (at most 1 MiB).
   *
   * @return the bytes
   * @throws IOException if reading fails or the body is too large
   */
  public byte[] body() throws IOException {
    if (body == null) {
      try (InputStream in = exchange.getRequestBody()) {
        byte[] read = in.readNBytes(MAX_BODY + 1);
        if (read.length > MAX_BODY) {
          throw new IOException("request body larger than " + MAX_BODY + " bytes");
        }
        body = read;
      }
    }
    return body;
  }

  /**
   * Sends a JSON answer.
   *
   * @param status the status
   * @param value a Jackson node, map, list or record
   * @throws IOException if the client went away
   */
  public void json(int status, Object value) throws IOException {
    send(status, "application/json", JSON.writeValueAsBytes(value));
  }

  /**
   * Sends a text answer.
   *
   * @param status the status
   * @param contentType the content type
   * @param text the text
   * @throws IOException if the client went away
   */
  public void text(int status, String contentType, String text) throws IOException {
    send(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Adds a response header (before the answer is sent).
   *
   * @param name the name
   * @param value the value
   */
  public void responseHeader(String name, String value) {
    exchange.getResponseHeaders().add(name, value);
  }

  /**
   * Sends bytes.
   *
   * @param status the status
   * @param contentType the content type
   * @param bytes the body
   * @throws IOException if the client went away
   */
  public void send(int status, String contentType, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /**
   * Starts a Server-Sent-Events answer (status 200, chunked).
   *
   * @return the stream to write events to
   * @throws IOException if the client went away
   */
  public EventStream eventStream() throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    return new EventStream(exchange.getResponseBody());
  }

  /**
   * Parses the body as JSON; an empty body is an empty object.
   *
   * @return the tree
   * @throws IOException if the body cannot be read or is not JSON
   */
  public JsonNode jsonBody() throws IOException {
    byte[] b = body();
    if (b.length == 0) {
      return JSON.createObjectNode();
    }
    return JSON.readTree(b);
  }

  static void sendFallback500(HttpExchange exchange, RuntimeException e) throws IOException {
    byte[] b = JSON.writeValueAsBytes(Map.of("detail", "devnet internal error: " + e.getClass().getSimpleName()));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(500, b.length);
    exchange.getResponseBody().write(b);
  }

  private static Map<String, String> parseQuery(@Nullable String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  /** A Server-Sent-Events writer; each event is flushed at once. */
  public static final class EventStream implements AutoCloseable {
    private final OutputStream out;

    EventStream(OutputStream out) {
      this.out = out;
    }

    /**
     * Writes one event.
     *
     * @param name the event name
     * @param data one line of data (JSON)
     * @throws IOException if the client went away
     */
    public void send(String name, String data) throws IOException {
      out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}

package io.phat4j.core.http.internal;

import io.phat4j.core.http.HttpHeaders;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.WireLogLevel;
import io.phat4j.core.http.WireLogger;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Formats the wire log: request and response lines, redacted headers, and short textual bodies.
 *
 * <p>All redaction happens here, before a line reaches the {@link WireLogger}.
 */
public final class WireLog {
  /** Longest body excerpt written at {@link WireLogLevel#BODY}, in bytes. */
  public static final int BODY_LIMIT = 4096;

  private final WireLogLevel level;
  private final WireLogger logger;
  private final Set<String> redactedHeaders;

  /**
   * Creates a wire log.
   *
   * @param level how much to log
   * @param logger where lines go
   * @param redactedHeaders extra header names to mask, lower case
   */
  public WireLog(WireLogLevel level, WireLogger logger, Set<String> redactedHeaders) {
    this.level = level;
    this.logger = logger;
    this.redactedHeaders = Set.copyOf(redactedHeaders);
  }

  private boolean on(WireLogLevel needed) {
    return level.compareTo(needed) >= 0 && logger.enabled();
  }

  /**
   * Logs an outgoing attempt.
   *
   * @param request the request
   * @param sentHeaders the headers actually sent (defaults and User-Agent included)
   * @param attempt 1-based attempt number
   */
  public void request(HttpRequest request, HttpHeaders sentHeaders, int attempt) {
    if (!on(WireLogLevel.BASIC)) {
      return;
    }
    byte[] body = request.body();
    StringBuilder sb = new StringBuilder("--> ");
    sb.append(request.method()).append(' ').append(Redaction.safeUrl(request.url()));
    if (attempt > 1) {
      sb.append(" (attempt ").append(attempt).append(')');
    }
    if (body != null) {
      sb.append(" (").append(body.length).append("-byte body)");
    }
    logger.log(sb.toString());
    if (on(WireLogLevel.HEADERS)) {
      headers(sentHeaders, request.redactedHeaders());
    }
    if (body != null && on(WireLogLevel.BODY)) {
      body(body, request.contentType(), request.sensitiveBody());
    }
  }

  /**
   * Logs a response whose body was read in full.
   *
   * @param request the request it answers
   * @param status the status code
   * @param headers the response headers
   * @param body the body, or {@code null} if it is being streamed
   * @param took time since the attempt started
   */
  public void response(
      HttpRequest request, int status, HttpHeaders headers, byte @Nullable [] body, Duration took) {
    if (!on(WireLogLevel.BASIC)) {
      return;
    }
    StringBuilder sb = new StringBuilder("<-- ");
    sb.append(status)
        .append(' ')
        .append(request.method())
        .append(' ')
        .append(Redaction.safeUrl(request.url()))
        .append(" (")
        .append(took.toMillis())
        .append(" ms, ");
    sb.append(body == null ? "streamed body)" : body.length + "-byte body)");
    logger.log(sb.toString());
    if (on(WireLogLevel.HEADERS)) {
      headers(headers, request.redactedHeaders());
    }
    if (body != null && body.length > 0 && on(WireLogLevel.BODY)) {
      body(body, headers.value("Content-Type"), request.sensitiveBody());
    }
  }

  /**
   * Logs one line of a streamed body, at {@link WireLogLevel#BODY} and only if not sensitive.
   *
   * @param request the request being answered
   * @param line the line
   */
  public void streamLine(HttpRequest request, String line) {
    if (!request.sensitiveBody() && on(WireLogLevel.BODY)) {
      int cut = Math.min(line.length(), BODY_LIMIT);
      logger.log(
          "<-- | "
              + line.substring(0, cut)
              + (cut < line.length() ? "… (" + (line.length() - cut) + " more chars)" : ""));
    }
  }

  /**
   * Logs an attempt that failed with an I/O error.
   *
   * @param request the request
   * @param failure the error
   * @param attempt 1-based attempt number
   */
  public void failure(HttpRequest request, IOException failure, int attempt) {
    if (on(WireLogLevel.BASIC)) {
      logger.log(
          "<-- FAILED "
              + request.method()
              + ' '
              + Redaction.safeUrl(request.url())
              + " (attempt "
              + attempt
              + "): "
              + failure);
    }
  }

  /**
   * Logs a decision to retry.
   *
   * @param request the request
   * @param delay the wait before the next attempt
   * @param reason why, e.g. {@code status 503}
   */
  public void retry(HttpRequest request, Duration delay, String reason) {
    if (on(WireLogLevel.BASIC)) {
      logger.log(
          "--- retrying "
              + request.method()
              + ' '
              + Redaction.safeUrl(request.url())
              + " in "
              + delay.toMillis()
              + " ms after "
              + reason);
    }
  }

  private void headers(HttpHeaders headers, Set<String> requestRedacted) {
    for (Map.Entry<String, String> field : headers.fields()) {
      String name = field.getKey();
      boolean secret =
          Redaction.isSensitive(name, redactedHeaders)
              || requestRedacted.contains(name.toLowerCase(Locale.ROOT));
      logger.log(name + ": " + (secret ? Redaction.MASK : field.getValue()));
    }
  }

  private void body(byte[] body, @Nullable String contentType, boolean sensitive) {
    if (sensitive) {
      logger.log("(" + body.length + "-byte sensitive body omitted)");
      return;
    }
    int shown = Math.min(body.length, BODY_LIMIT);
    // Cut before a UTF-8 continuation byte would split a character; back up to its start.
    for (int i = 0; i < 3 && shown < body.length && (body[shown] & 0xC0) == 0x80; i++) {
      shown--;
    }
    String text = textOrNull(body, shown, contentType);
    if (text == null) {
      logger.log("(" + body.length + "-byte binary body omitted)");
      return;
    }
    logger.log(shown < body.length ? text + "… (" + (body.length - shown) + " more bytes)" : text);
  }

  /** Decodes the excerpt as UTF-8 if the type is textual (or absent) and the bytes are valid. */
  private static @Nullable String textOrNull(
      byte[] body, int length, @Nullable String contentType) {
    if (contentType != null && !isTextual(contentType.toLowerCase(Locale.ROOT))) {
      return null;
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body, 0, length))
              .toString();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < ' ' && c != '\n' && c != '\r' && c != '\t') {
          return null;
        }
      }
      return text;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isTextual(String contentType) {
    return contentType.startsWith("text/")
        || contentType.contains("json")
        || contentType.contains("xml")
        || contentType.contains("yaml")
        || contentType.startsWith("application/x-www-form-urlencoded");
  }
}

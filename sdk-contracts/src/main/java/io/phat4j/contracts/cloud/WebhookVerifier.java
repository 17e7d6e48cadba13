package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.SecretBytes;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Phala Cloud webhook requests and parses their events.
 *
 * <p>Phala Cloud signs each delivery with the webhook's secret: {@code X-Webhook-Signature: sha256=}
 * followed by the hex HMAC-SHA256 of {@code <X-Webhook-Timestamp>.<raw body>}. The verifier
 * recomputes it over the exact body bytes, compares in constant time, and rejects timestamps more
 * than the tolerance (300 s by default) away from its clock, so a captured request cannot be
 * replayed later.
 *
 * {@snippet :
 * WebhookVerifier verifier = WebhookVerifier.create(SecretString.of(System.getenv("WEBHOOK_SECRET")));
 * WebhookEvent event = verifier.parse(request::getHeader, rawBodyBytes); // throws if forged
 * }
 *
 * <p>Pass the body exactly as received: re-serialised JSON has other bytes and fails. Immutable
 * and thread-safe.
 */
public final class WebhookVerifier {
  /** The default timestamp tolerance, either side of now. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  /** The header carrying the unix timestamp in seconds. */
  public static final String TIMESTAMP_HEADER = "X-Webhook-Timestamp";

  /** The header carrying {@code sha256=<hex>}. */
  public static final String SIGNATURE_HEADER = "X-Webhook-Signature";

  private static final String PREFIX = "sha256=";

  private final SecretBytes secret;
  private final Duration tolerance;
  private final Clock clock;

  private WebhookVerifier(SecretBytes secret, Duration tolerance, Clock clock) {
    this.secret = secret;
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * Creates a verifier with the default tolerance and the system clock.
   *
   * @param secret the webhook secret
   * @return the verifier
   */
  public static WebhookVerifier create(io.phat4j.core.SecretString secret) {
    return create(secret, DEFAULT_TOLERANCE, Clock.systemUTC());
  }

  /**
   * Creates a verifier.
   *
   * @param secret the webhook secret
   * @param tolerance how far the timestamp may be from now, either way
   * @param clock the clock to compare with
   * @return the verifier
   * @throws IllegalArgumentException if the secret is empty or the tolerance negative
   */
  public static WebhookVerifier create(
      io.phat4j.core.SecretString secret, Duration tolerance, Clock clock) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(tolerance, "tolerance");
    Objects.requireNonNull(clock, "clock");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("webhook secret is empty");
    }
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must not be negative but was " + tolerance);
    }
    return new WebhookVerifier(
        SecretBytes.copyOf(secret.reveal().getBytes(StandardCharsets.UTF_8)), tolerance, clock);
  }

  /**
   * Verifies a delivery from its two header values and raw body.
   *
   * @param timestamp the {@code X-Webhook-Timestamp} value
   * @param signature the {@code X-Webhook-Signature} value
   * @param body the raw body bytes
   * @throws WebhookVerificationException if a header is missing or malformed, the timestamp is
   *     outside the tolerance, or the signature does not match
   */
  public void verify(@Nullable String timestamp, @Nullable String signature, byte[] body) {
    Objects.requireNonNull(body, "body");
    if (timestamp == null || signature == null) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.MISSING_HEADER,
          "missing " + (timestamp == null ? TIMESTAMP_HEADER : SIGNATURE_HEADER) + " header");
    }
    String ts = timestamp.strip();
    long seconds = parseTimestamp(ts);
    byte[] given = parseSignature(signature.strip());
    long now = clock.instant().getEpochSecond();
    if (now - seconds > tolerance.toSeconds()) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.STALE,
          "webhook timestamp " + seconds + " is more than " + tolerance.toSeconds() + " s old (now " + now + ")");
    }
    if (seconds - now > tolerance.toSeconds()) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.FUTURE,
          "webhook timestamp " + seconds + " is more than " + tolerance.toSeconds()
              + " s in the future (now " + now + ")");
    }
    byte[] expected = hmac(ts, body);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.MISMATCH,
          "webhook signature does not match the body and timestamp");
    }
  }

  /**
   * Verifies a delivery and parses its event.
   *
   * @param headers looks up a request header by name, case-insensitively as servlet containers do
   * @param body the raw body bytes
   * @return the event
   * @throws WebhookVerificationException if verification fails
   * @throws DecodeException if the verified body is not an event object
   */
  public WebhookEvent parse(Function<String, @Nullable String> headers, byte[] body) {
    verify(headers.apply(TIMESTAMP_HEADER), headers.apply(SIGNATURE_HEADER), body);
    JsonNode root = PhalaJson.readTree("webhook event", body);
    if (!root.isObject()) {
      throw new DecodeException("webhook event", "is not a JSON object");
    }
    JsonNode event = root.get("event");
    if (event == null || !event.isTextual()) {
      throw new DecodeException("webhook event.event", "is missing or not a string");
    }
    JsonNode ws = root.get("workspace");
    WebhookEvent.Workspace workspace =
        ws == null || !ws.isObject() ? null : new WebhookEvent.Workspace(text(ws.get("id")), text(ws.get("name")));
    JsonNode data = root.get("data");
    return new WebhookEvent(
        text(root.get("id")),
        event.asText(),
        text(root.get("version")),
        text(root.get("created_at")),
        workspace,
        data == null || data.isNull() ? null : data.toString());
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static long parseTimestamp(String ts) {
    if (ts.isEmpty() || ts.length() > 12 || !ts.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.MALFORMED_HEADER,
          TIMESTAMP_HEADER + " is not unix seconds");
    }
    return Long.parseLong(ts);
  }

  private static byte[] parseSignature(String header) {
    if (!header.toLowerCase(Locale.ROOT).startsWith(PREFIX) || header.length() != PREFIX.length() + 64) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.MALFORMED_HEADER,
          SIGNATURE_HEADER + " must be sha256= followed by 64 hex digits");
    }
    try {
      return HexFormat.of().parseHex(header.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.MALFORMED_HEADER,
          SIGNATURE_HEADER + " must be sha256= followed by 64 hex digits");
    }
  }

  private byte[] hmac(String timestamp, byte[] body) {
    byte[] key = secret.revealBytes();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "WebhookVerifier{tolerance=" + tolerance + ", secret=***}";
  }
}

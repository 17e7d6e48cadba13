package io.phat4j.core.dstack;

import io.phat4j.core.Hex;
import io.phat4j.core.dstack.internal.JsCanonicalJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How a dstack runtime event's digest is computed; the event log states it per event as
 * {@code "version": 1 | 2} (absent means 1).
 *
 * <p>Both versions hash with SHA-384, giving the 48 bytes that are extended into RTMR3.
 */
public enum EventLogVersion {
  /**
   * The original format: {@code u32_le(0x08000001) ‖ ":" ‖ name ‖ ":" ‖ payload}, with the name as
   * UTF-8 and the payload as raw bytes.
   */
  V1,
  /**
   * The JSON format: the RFC 8785 (JCS) canonical form of
   * {@code {"name":<name>,"payload":<lowercase hex of payload>,"type":134217729}}, as UTF-8.
   *
   * <p>This is the shape documented by {@code Dstack-TEE/dstack} {@code dstack-types}
   * ({@code EventLogVersion::V2}); earlier development versions used other key sets, so an event
   * log written by one of those fails verification instead of being accepted.
   */
  V2;

  /** The event type of dstack runtime events. */
  public static final long RUNTIME_EVENT_TYPE = 0x08000001L;

  /**
   * Returns the bytes this version hashes for an event (the digest pre-image).
   *
   * @param name the event name, e.g. {@code "compose-hash"}
   * @param payload the event payload
   * @return the pre-image
   */
  public byte[] hashInput(String name, byte[] payload) {
    if (this == V2) {
      String json =
          "{\"name\":"
              + JsCanonicalJson.quote(name)
              + ",\"payload\":\""
              + Hex.encode(payload)
              + "\",\"type\":"
              + RUNTIME_EVENT_TYPE
              + "}";
      return json.getBytes(StandardCharsets.UTF_8);
    }
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(6 + nameBytes.length + payload.length);
    int type = (int) RUNTIME_EVENT_TYPE;
    out.write(type);
    out.write(type >>> 8);
    out.write(type >>> 16);
    out.write(type >>> 24);
    out.write(':');
    out.writeBytes(nameBytes);
    out.write(':');
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /**
   * Computes the SHA-384 digest of an event in this version.
   *
   * @param name the event name
   * @param payload the event payload
   * @return the 48-byte digest
   */
  public byte[] digest(String name, byte[] payload) {
    return sha384(hashInput(name, payload));
  }

  static byte[] sha384(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-384").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 is a required JCA algorithm", e);
    }
  }
}

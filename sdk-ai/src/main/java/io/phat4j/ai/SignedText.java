package io.phat4j.ai;

import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The text a confidential-AI server signs for a chat: {@code <sha256(request)>:<sha256(response)>},
 * optionally prefixed by {@code <model>:} (parsed from the right, so a model name may contain
 * colons).
 *
 * @param model the model prefix, or null for the two-part form
 * @param requestHash SHA-256 of the exact request body bytes
 * @param responseHash SHA-256 of the exact response bytes (for streams: every SSE line plus {@code \n})
 */
public record SignedText(@Nullable String model, Bytes32 requestHash, Bytes32 responseHash) {
  /**
   * Parses a signed text.
   *
   * @param text the text from the signature response
   * @return the parts
   * @throws DecodeException when the text does not end in two 32-byte hex hashes
   */
  public static SignedText parse(String text) {
    int last = text.lastIndexOf(':');
    int prev = last < 0 ? -1 : text.lastIndexOf(':', last - 1);
    if (last < 0) {
      throw new DecodeException("text", "expected <request sha256>:<response sha256>, found no ':'");
    }
    Bytes32 response = Bytes32.fromHex("text.response_hash", text.substring(last + 1));
    Bytes32 request = Bytes32.fromHex("text.request_hash", text.substring(prev + 1, last));
    return new SignedText(prev < 0 ? null : text.substring(0, prev), request, response);
  }

  /**
   * Returns the model prefix.
   *
   * @return the model, or empty for the two-part form
   */
  public Optional<String> modelName() {
    return Optional.ofNullable(model);
  }

  /**
   * Tells whether these hashes are the SHA-256 of the given request and response bytes.
   *
   * @param request the exact request body bytes sent
   * @param response the exact response bytes received
   * @return true when both hashes match
   */
  public boolean matches(byte[] request, byte[] response) {
    return MessageDigest.isEqual(sha256(request), requestHash.toByteArray())
        & MessageDigest.isEqual(sha256(response), responseHash.toByteArray());
  }

  /**
   * Returns the text for these hashes, as the server would sign it.
   *
   * @return {@code [model:]request:response} in lowercase hex
   */
  public String text() {
    return (model == null ? "" : model + ":") + requestHash.hex() + ":" + responseHash.hex();
  }

  /**
   * Builds the two-part text for a request and response.
   *
   * @param request the request body bytes
   * @param response the response bytes
   * @return the signed-text value
   */
  public static SignedText of(byte[] request, byte[] response) {
    return new SignedText(null, Bytes32.of(sha256(request)), Bytes32.of(sha256(response)));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}

package io.phat4j.attestation.dcap.pcs.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A PCS body of the form {@code {"<name>":{…},"signature":"<hex>"}}: the inner object is kept as
 * the exact text the server sent, because Intel's signature covers those bytes and any
 * re-serialisation (key order, spacing, number form) would break it.
 *
 * @param signedText the exact text of the inner object
 * @param signature the raw r‖s signature (64 bytes)
 */
public record SignedJsonBody(String signedText, byte[] signature) {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final int SIGNATURE_BYTES = 64;

  /**
   * Splits a body into the signed object's text and the signature.
   *
   * @param endpoint the endpoint name for error messages (e.g. {@code "pcs tcb"})
   * @param body the response body
   * @param objectName the name of the signed member ({@code tcbInfo} or {@code enclaveIdentity})
   * @return the parts
   * @throws DecodeException if the body is not UTF-8 JSON of that shape
   */
  public static SignedJsonBody parse(String endpoint, byte[] body, String objectName) {
    String text = utf8(endpoint, body);
    String signed = null;
    String signatureHex = null;
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DecodeException(endpoint, "body is not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals(objectName)) {
          if (signed != null) {
            throw new DecodeException(endpoint + "." + objectName, "appears twice");
          }
          if (value != JsonToken.START_OBJECT) {
            throw new DecodeException(endpoint + "." + objectName, "is not a JSON object");
          }
          int start = Math.toIntExact(p.currentTokenLocation().getCharOffset());
          p.skipChildren();
          int end = Math.toIntExact(p.currentLocation().getCharOffset());
          signed = text.substring(start, end);
        } else if (name.equals("signature")) {
          if (signatureHex != null) {
            throw new DecodeException(endpoint + ".signature", "appears twice");
          }
          if (value != JsonToken.VALUE_STRING) {
            throw new DecodeException(endpoint + ".signature", "is not a string");
          }
          signatureHex = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new DecodeException(endpoint, "body has content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new DecodeException(endpoint, e.getLocation() == null ? -1 : e.getLocation().getCharOffset(),
          "body is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DecodeException(endpoint, -1, "body is not valid JSON: " + e.getMessage(), e);
    }
    if (signed == null) {
      throw new DecodeException(endpoint + "." + objectName, "is missing");
    }
    if (signatureHex == null) {
      throw new DecodeException(endpoint + ".signature", "is missing");
    }
    return new SignedJsonBody(signed, Hex.decode(endpoint + ".signature", signatureHex, SIGNATURE_BYTES));
  }

  private static String utf8(String endpoint, byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(endpoint, -1, "body is not UTF-8", e);
    }
  }

  /** Copies the signature in. */
  public SignedJsonBody {
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SignedJsonBody b
        && signedText.equals(b.signedText)
        && java.util.Arrays.equals(signature, b.signature);
  }

  @Override
  public int hashCode() {
    return signedText.hashCode() * 31 + java.util.Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedJsonBody[" + signedText.length() + " chars]";
  }
}

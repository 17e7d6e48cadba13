package io.phat4j.attestation.dcap.pcs.internal;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a CRL response body to DER. Servers differ: Intel PCS sends DER for {@code
 * encoding=der}, a PCCS may send the root CA CRL as hex text, and some send PEM.
 */
public final class CrlBody {
  private static final int DER_SEQUENCE = 0x30;

  private CrlBody() {}

  /**
   * Returns the DER of the CRL in a body that is DER, hex of DER, or PEM.
   *
   * @param endpoint the endpoint name for error messages
   * @param body the response body
   * @return DER bytes that parse as an X.509 CRL
   * @throws DecodeException if the body is none of these or not a CRL
   */
  public static byte[] toDer(String endpoint, byte[] body) {
    if (body.length == 0) {
      throw new DecodeException(endpoint, "CRL body is empty");
    }
    byte[] der;
    if ((body[0] & 0xff) == DER_SEQUENCE) {
      der = body;
    } else {
      String text = new String(body, StandardCharsets.US_ASCII).strip();
      der = text.startsWith("-----BEGIN") ? pem(endpoint, text) : Hex.decode(endpoint + " CRL hex", text);
    }
    parse(endpoint, der);
    return der;
  }

  /**
   * Parses DER as an X.509 CRL.
   *
   * @param field the field name for error messages
   * @param der the DER
   * @return the parsed CRL
   * @throws DecodeException if the bytes are not a CRL
   */
  public static X509CRLHolder parse(String field, byte[] der) {
    try {
      return new X509CRLHolder(der);
    } catch (IOException | RuntimeException e) {
      throw new DecodeException(field, -1, "is not a DER X.509 CRL: " + e.getMessage(), e);
    }
  }

  /**
   * Returns a CRL's nextUpdate, or {@code null} if it has none.
   *
   * @param field the field name for error messages
   * @param der the DER
   * @return the instant or {@code null}
   * @throws DecodeException if the bytes are not a CRL
   */
  public static @Nullable Instant nextUpdate(String field, byte[] der) {
    Date next = parse(field, der).getNextUpdate();
    return next == null ? null : next.toInstant();
  }

  private static byte[] pem(String endpoint, String text) {
    try (PemReader reader = new PemReader(new StringReader(text))) {
      PemObject o = reader.readPemObject();
      if (o == null || !o.getType().equals("X509 CRL")) {
        throw new DecodeException(endpoint, "PEM body holds no X509 CRL");
      }
      return o.getContent();
    } catch (IOException e) {
      throw new DecodeException(endpoint, -1, "PEM body is malformed: " + e.getMessage(), e);
    }
  }
}

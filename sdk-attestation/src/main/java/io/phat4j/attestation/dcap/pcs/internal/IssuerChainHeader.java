package io.phat4j.attestation.dcap.pcs.internal;

import io.phat4j.core.DecodeException;
import io.phat4j.core.http.HttpResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads the URL-encoded PEM certificate chains that Intel PCS returns in response headers. */
public final class IssuerChainHeader {
  private static final String PEM_MARKER = "-----BEGIN CERTIFICATE-----";

  private IssuerChainHeader() {}

  /**
   * Returns the decoded PEM chain from the first of the given headers that is present.
   *
   * @param endpoint the endpoint name for error messages
   * @param response the response
   * @param names header names to try, preferred first
   * @return the PEM text
   * @throws DecodeException naming the header if none is present or the value is not a PEM chain
   */
  public static String read(String endpoint, HttpResponse response, String... names) {
    for (String name : names) {
      String value = response.header(name);
      if (value != null) {
        return decode(endpoint + " header " + name, value);
      }
    }
    throw new DecodeException(endpoint + " header " + String.join(" / ", names), "is missing");
  }

  /**
   * Percent-decodes a header value into PEM.
   *
   * @param field the field name for error messages
   * @param value the header value
   * @return the PEM text
   * @throws DecodeException if the value is not percent-encoded PEM
   */
  static String decode(String field, String value) {
    String pem;
    try {
      // Percent-decoding only: a literal '+' is Base64, not a form-encoded space.
      pem = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(field, -1, "is not valid percent-encoding: " + e.getMessage(), e);
    }
    if (!pem.contains(PEM_MARKER)) {
      throw new DecodeException(field, "holds no PEM certificate");
    }
    return pem;
  }
}

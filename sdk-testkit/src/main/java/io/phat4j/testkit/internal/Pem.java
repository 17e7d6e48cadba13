package io.phat4j.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM text for certificates, in the layout Intel uses (64-column base64, LF line ends). */
public final class Pem {
  private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, new byte[] {'\n'});

  private Pem() {}

  /**
   * Wraps a DER certificate in a PEM block ending with a newline.
   *
   * @param der the certificate
   * @return the PEM text
   */
  public static String certificate(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + new String(MIME.encode(der), StandardCharsets.US_ASCII)
        + "\n-----END CERTIFICATE-----\n";
  }
}

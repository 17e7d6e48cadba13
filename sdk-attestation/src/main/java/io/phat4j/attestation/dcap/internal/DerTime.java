package io.phat4j.attestation.dcap.internal;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.bouncycastle.asn1.x509.Time;
import org.jspecify.annotations.Nullable;

/**
 * Converts X.509 times to instants without BouncyCastle's {@code SimpleDateFormat} round trip,
 * which cost several percent of a cold verification.
 *
 * <p>Only the canonical forms are decoded here: UTCTime {@code YYMMDDHHMMSSZ} (years 1950–2049, as
 * RFC 5280 and BouncyCastle read it) and GeneralizedTime {@code YYYYMMDDHHMMSSZ} from 1600 on
 * (where the proleptic ISO calendar and BouncyCastle's Gregorian calendar agree). Anything else,
 * including out-of-range fields, goes to BouncyCastle, so the result is always what
 * {@link Time#getDate()} gives.
 */
public final class DerTime {
  private static final int UTC_TIME = 0x17;
  private static final int GENERALIZED_TIME = 0x18;

  private DerTime() {}

  /**
   * Returns the instant of an X.509 time.
   *
   * @param time the time
   * @return the instant
   * @throws IllegalStateException if BouncyCastle cannot read it either
   */
  public static Instant instant(Time time) {
    Instant fast = canonical(time);
    if (fast != null) {
      return fast;
    }
    Date d = time.getDate();
    return d.toInstant();
  }

  private static @Nullable Instant canonical(Time time) {
    byte[] enc;
    try {
      // The BER/DL encoding of a parsed time is its tag, length and the contents exactly as received.
      enc = time.toASN1Primitive().getEncoded();
    } catch (IOException e) {
      return null;
    }
    if (enc.length < 2 || (enc[1] & 0xff) != enc.length - 2 || enc[enc.length - 1] != 'Z') {
      return null;
    }
    int year;
    int p;
    if (enc[0] == UTC_TIME && enc.length == 15) {
      int yy = digits(enc, 2, 2);
      if (yy < 0) {
        return null;
      }
      year = yy < 50 ? 2000 + yy : 1900 + yy;
      p = 4;
    } else if (enc[0] == GENERALIZED_TIME && enc.length == 17) {
      year = digits(enc, 2, 4);
      if (year < 1600) {
        return null;
      }
      p = 6;
    } else {
      return null;
    }
    int month = digits(enc, p, 2);
    int day = digits(enc, p + 2, 2);
    int hour = digits(enc, p + 4, 2);
    int minute = digits(enc, p + 6, 2);
    int second = digits(enc, p + 8, 2);
    if ((month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Reads n ASCII digits as a number, or -1 if any is not a digit. */
  static int digits(byte[] b, int off, int n) {
    int v = 0;
    for (int i = off; i < off + n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }
}

package io.phat4j.attestation.dcap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Date;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast time decoders give exactly what the general parsers give, including where they hand over to them. */
class DerTimeTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "250704123456Z", "491231235959Z", "500101000000Z", "000229000000Z", "990228235959Z",
    // not canonical or out of range: decoded by BouncyCastle, as before
    "2507041234Z", "250704123456+0100", "251304000000Z", "250230000000Z", "250704126000Z"})
  void utcTime_matchesBouncyCastle(String text) {
    Time t = new Time(new ASN1UTCTime(text));
    assertThat(DerTime.instant(t)).isEqualTo(bouncyCastle(t));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "20250704123456Z", "99991231235959Z", "16000101000000Z", "20240229000000Z",
    "15821015000000Z", "20250704123456.5Z", "202507041234Z", "20250230000000Z"})
  void generalizedTime_matchesBouncyCastle(String text) {
    Time t = new Time(new ASN1GeneralizedTime(text));
    assertThat(DerTime.instant(t)).isEqualTo(bouncyCastle(t));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-07-04T12:34:56Z", "2024-02-29T00:00:00Z", "0000-01-01T00:00:00Z"})
  void jsonTimestamp_fastFormMatchesIsoParser(String text) {
    assertThat(JsonFields.utcSeconds(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "2025-02-30T00:00:00Z", "2025-07-04T24:00:00Z", "2025-07-04t12:34:56Z", "2025-07-04T12:34:56.5Z",
    "2025-07-04T12:34:56+00:00", "+2025-07-04T12:34:5Z", "2025-07-04T12:34:5xZ"})
  void jsonTimestamp_otherFormsAreLeftToIsoParser(String text) {
    assertThat(JsonFields.utcSeconds(text)).isNull();
  }

  private static java.time.Instant bouncyCastle(Time t) {
    Date d = t.getDate();
    return d.toInstant();
  }
}

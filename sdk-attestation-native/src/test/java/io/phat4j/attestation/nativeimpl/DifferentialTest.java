package io.phat4j.attestation.nativeimpl;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerificationException;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.core.PhalaException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Native and pure-Java backends must give the same verdict and reason on real and mutated inputs. */
class DifferentialTest {
  private static final int MUTATIONS = 10_000;
  private static final String HEX = "0123456789abcdef";
  private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  static List<String> vectors() {
    return DcapVectors.names();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void verify_everyVector_sameVerdictOnBothBackends(String name) {
    QuoteVerifier pure = DcapVectors.verifier(name, CryptoBackend.PURE_JAVA);
    QuoteVerifier nat = DcapVectors.verifier(name, CryptoBackend.NATIVE);
    assertThat(nat.cryptoBackendInfo().nativeActive()).isTrue();
    byte[] quote = DcapVectors.quote(name);
    QuoteCollateral col = DcapVectors.collateral(name);
    Instant t = DcapVectors.time(name);
    String expected = verdict(pure, quote, col, t);
    assertThat(verdict(nat, quote, col, t)).isEqualTo(expected);
    // warm (cached collateral and keys) as well as cold
    assertThat(verdict(nat, quote, col, t)).isEqualTo(expected);
    assertThat(expected).startsWith(DcapVectors.shouldSucceed(name) ? "OK" : "FAIL");
  }

  @Test
  void verify_tenThousandMutations_sameVerdictOnBothBackends() {
    List<String> valid = DcapVectors.names().stream().filter(DcapVectors::shouldSucceed).toList();
    assertThat(valid).hasSizeGreaterThanOrEqualTo(5);
    Map<String, QuoteVerifier> pure = new TreeMap<>();
    Map<String, QuoteVerifier> nat = new TreeMap<>();
    for (String v : valid) {
      pure.put(v, DcapVectors.verifier(v, CryptoBackend.PURE_JAVA));
      nat.put(v, DcapVectors.verifier(v, CryptoBackend.NATIVE));
    }
    SplittableRandom rnd = new SplittableRandom(20261124L);
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int i = 0; i < MUTATIONS; i++) {
      String v = valid.get(rnd.nextInt(valid.size()));
      byte[] quote = DcapVectors.quote(v);
      byte[] json = DcapVectors.collateralJson(v);
      if (rnd.nextBoolean()) {
        flipRaw(quote, rnd);
      } else {
        flipInClass(json, rnd);
      }
      QuoteCollateral col;
      try {
        col = QuoteCollateral.fromJson(json);
      } catch (PhalaException e) {
        outcomes.merge("collateral JSON rejected before verification", 1, Integer::sum);
        continue;
      }
      Instant t = DcapVectors.time(v);
      String a = verdict(pure.get(v), quote, col, t);
      String b = verdict(nat.get(v), quote, col, t);
      assertThat(b).as("mutation %d of %s", i, v).isEqualTo(a);
      outcomes.merge(a.startsWith("OK") ? "OK" : a.substring(0, a.indexOf(':') < 0 ? a.length() : a.indexOf(':')), 1, Integer::sum);
    }
    System.out.println("differential outcomes over " + MUTATIONS + " mutations: " + outcomes);
    // The mutations must reach the signature checks, not just the parsers.
    assertThat(outcomes.keySet()).contains("FAIL QUOTE_SIGNATURE", "FAIL QE_REPORT_SIGNATURE");
    assertThat(outcomes.keySet().stream().filter(k -> k.contains("SIGNATURE") || k.contains("CERT_CHAIN")).count())
        .isGreaterThanOrEqualTo(4);
  }

  /** Flips 1 to 4 random bits anywhere in the array. */
  private static void flipRaw(byte[] b, SplittableRandom rnd) {
    int n = rnd.nextInt(1, 5);
    for (int k = 0; k < n; k++) {
      b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
    }
  }

  /**
   * Changes 1 to 3 random bytes of the collateral JSON to another character of the same kind (hex
   * digit, base64 character), so most mutations survive the JSON and hex decoding and reach the
   * certificate, CRL and signature checks; other bytes get a random bit flip.
   */
  private static void flipInClass(byte[] b, SplittableRandom rnd) {
    int n = rnd.nextInt(1, 4);
    for (int k = 0; k < n; k++) {
      int i = rnd.nextInt(b.length);
      char c = (char) (b[i] & 0xff);
      if (HEX.indexOf(c) >= 0 && rnd.nextInt(4) != 0) {
        b[i] = (byte) other(HEX, c, rnd);
      } else if (BASE64.indexOf(c) >= 0) {
        b[i] = (byte) other(BASE64, c, rnd);
      } else {
        b[i] ^= (byte) (1 << rnd.nextInt(8));
      }
    }
  }

  private static char other(String alphabet, char c, SplittableRandom rnd) {
    char d;
    do {
      d = alphabet.charAt(rnd.nextInt(alphabet.length()));
    } while (d == c);
    return d;
  }

  /** The verdict as a comparable string: status and advisories, or the reason and full message. */
  private static String verdict(QuoteVerifier v, byte[] quote, QuoteCollateral col, Instant t) {
    try {
      VerifiedQuote q = v.verify(quote, col, t);
      return "OK " + q.status() + " " + q.advisoryIds() + " " + q.platformStatus() + " " + q.qeStatus();
    } catch (QuoteVerificationException e) {
      return "FAIL " + e.reason() + ": " + e.getMessage();
    }
  }
}

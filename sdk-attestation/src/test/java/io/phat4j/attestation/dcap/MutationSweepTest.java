package io.phat4j.attestation.dcap;

import static io.phat4j.attestation.dcap.FailureReason.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Flips every byte of every signed region of each valid vector, and every byte (plus each JSON
 * value, semantically) of every collateral field, one at a time, and runs each mutation through two
 * verifiers. The {@linkplain QuoteVerifier.Builder#strictEncoding(boolean) strict} one must reject
 * every mutation, with a failure reason of the verification step that covers the region. The
 * default (dcap-qvl-compatible) one must do the same outside the three unsigned encodings only the
 * strict one checks ({@link Malleable}); inside them it may accept a mutation, as dcap-qvl does, but
 * only with the unmutated vector's verdict. Those acceptances are counted and printed.
 *
 * <p>The region → step map comes from dcap-verification.md (§1 layout, §4.2 order of the stricter
 * Rust checks this verifier implements), not from observed outputs: a region is reported by the
 * first step that reads it. Counts are printed per region; docs/security.md quotes them.
 */
class MutationSweepTest {
  /** XOR masks applied to each byte: the lowest and the highest bit. */
  private static final int[] MASKS = {0x01, 0x80};

  /**
   * {@code -Dphat4j.sweep=full} flips every byte of every region (a few minutes); by default regions
   * longer than {@value #SAMPLES} bytes ({@value #COLLATERAL_SAMPLES} for collateral fields) are sampled at that many evenly spaced positions, shifted per
   * vector, so that CI stays within seconds. Small regions (sizes, types, IDs) are always swept in full.
   */
  private static final boolean FULL = "full".equals(System.getProperty("phat4j.sweep"));
  private static final int SAMPLES = 16;
  /** Collateral mutations each cost a full collateral preparation (chains, CRLs, signatures): fewer samples. */
  private static final int COLLATERAL_SAMPLES = 8;

  // Steps, as sets of the reasons the spec gives for them.
  private static final Set<FailureReason> PARSE = EnumSet.of(QUOTE_FORMAT);
  private static final Set<FailureReason> VERSION = EnumSet.of(QUOTE_FORMAT, UNSUPPORTED_VERSION);
  private static final Set<FailureReason> QUOTE_SIG = EnumSet.of(QUOTE_SIGNATURE);
  private static final Set<FailureReason> QE_SIG = EnumSet.of(QE_REPORT_SIGNATURE);
  private static final Set<FailureReason> QE_BINDING = EnumSet.of(QE_REPORT_BINDING);
  // §4.3 chain check: a PEM or DER that does not parse, a broken signature/name link, validity, revocation.
  private static final Set<FailureReason> PCK_CHAIN =
      EnumSet.of(QUOTE_FORMAT, PCK_CERT_FORMAT, CERT_CHAIN, CERT_EXPIRED, CERT_REVOKED, CRL_MISSING);
  private static final Set<FailureReason> COLLATERAL_CHAIN =
      EnumSet.of(COLLATERAL_FORMAT, CERT_CHAIN, CERT_EXPIRED, CERT_REVOKED, CRL_MISSING);
  private static final Set<FailureReason> CRL_STEP = EnumSet.of(CRL_FORMAT, CRL_SIGNATURE, CRL_MISSING, CRL_EXPIRED);
  private static final Set<FailureReason> TCB_INFO_STEP = EnumSet.of(TCB_INFO_FORMAT, TCB_INFO_SIGNATURE);
  private static final Set<FailureReason> QE_IDENTITY_STEP = EnumSet.of(QE_IDENTITY_FORMAT, QE_IDENTITY_SIGNATURE);

  private static final Map<String, Tally> TALLIES = new LinkedHashMap<>();

  /** The unsigned encodings only a strict verifier checks; dcap-qvl accepts changes to them. */
  enum Malleable { PEM_TEXT, DECLARED_SIZES, PCK_CRL_ISSUER_CHAIN }

  static List<String> validVectors() {
    return Vectors.NAMES.stream().filter(n -> Vectors.expected(n).get("should_succeed").asBoolean()).toList();
  }

  @Test
  void validVectors_areTheOnesTheSweepStartsFrom() {
    assertThat(validVectors()).hasSize(7);
  }

  @Test
  void everyByteOfEveryQuoteRegion_isRejectedByTheStepCoveringIt() {
    List<String> misses = new ArrayList<>();
    int vector = 0;
    for (String name : validVectors()) {
      vector++;
      byte[] quote = Vectors.quote(name);
      QuoteCollateral col = Vectors.collateral(name);
      Instant now = Vectors.time(name);
      // One pair of verifiers per vector: the collateral (unchanged here) is prepared once and reused.
      Verifiers v = Verifiers.of(quote, col, now);
      for (Region r : quoteRegions(Quote.parse(quote))) {
        for (int i : positions(r.from, r.to, vector, SAMPLES)) {
          for (int mask : MASKS) {
            byte[] m = quote.clone();
            m[i] ^= (byte) mask;
            check(r.name, r.expected, r.malleable, name + " byte " + i + " ^" + mask, v, x -> x.verify(m, col, now), misses);
          }
        }
      }
    }
    assertThat(misses).as("mutations not rejected by the covering step").isEmpty();
    // The auth data size is swept in full: growing it into a padded quote's zero tail is accepted by dcap-qvl.
    assertThat(defaultAccepted(Malleable.DECLARED_SIZES)).as("declared-size slack the default verifier accepts").isPositive();
  }

  @Test
  void everyByteAndValueOfEveryCollateralField_isRejectedByTheStepCoveringIt() {
    List<String> misses = new ArrayList<>();
    Set<String> swept = new HashSet<>();
    int vector = 0;
    for (String name : validVectors()) {
      vector++;
      byte[] quote = Vectors.quote(name);
      QuoteCollateral col = Vectors.collateral(name);
      Instant now = Vectors.time(name);
      // Prepared collateral is cached by its full content hash, so each mutated collateral is prepared
      // afresh; the verified PCK chain is reused unless a CRL (part of its cache key) changed.
      Verifiers v = Verifiers.of(quote, col, now);
      for (Field f : fields(col)) {
        // Vectors from one source share collateral fields; sweeping a value once is enough.
        if (!swept.add(f.name + ":" + f.original.hashCode())) {
          continue;
        }
        byte[] bytes = f.original.getBytes(StandardCharsets.ISO_8859_1);
        for (int i : positions(0, bytes.length, vector, COLLATERAL_SAMPLES)) {
          for (int mask : f.masks) {
            byte[] m = bytes.clone();
            m[i] ^= (byte) mask;
            QuoteCollateral mc = f.rebuild.apply(new String(m, StandardCharsets.ISO_8859_1));
            check(f.name, f.expected, f.malleable(), name + " " + f.name + " byte " + i + " ^" + mask, v,
                x -> x.verify(quote, mc, now), misses);
          }
        }
        if (f.json) {
          List<ValueEdit> edits = jsonValueEdits(f.original);
          for (int i : positions(0, edits.size(), vector, COLLATERAL_SAMPLES)) {
            ValueEdit e = edits.get(i);
            QuoteCollateral mc = f.rebuild.apply(e.apply(f.original));
            check(f.name + " (values)", f.expected, f.malleable(), name + " " + f.name + " " + e, v,
                x -> x.verify(quote, mc, now), misses);
          }
        }
      }
    }
    assertThat(misses).as("mutations not rejected by the covering step").isEmpty();
    Tally crlIssuer = TALLIES.get("pck_crl_issuer_chain");
    assertThat(crlIssuer.defaultAccepted).as("pck_crl_issuer_chain is carried, not read, by default").isEqualTo(crlIssuer.total);
  }

  private static int defaultAccepted(Malleable category) {
    return TALLIES.values().stream().filter(t -> t.malleable == category).mapToInt(t -> t.defaultAccepted).sum();
  }

  @AfterAll
  static void printCounts() {
    StringBuilder sb = new StringBuilder("Mutation sweep: rejected by the covering step / total, strict and default verifier;"
        + " accepted by the default verifier (dcap-qvl-compatible, same verdict):\n");
    TALLIES.forEach((k, t) -> sb.append(String.format("  %-34s strict %7d / %7d   default %7d / %7d   accepted %7d  %s%n",
        k, t.strictOk, t.total, t.defaultOk, t.total, t.defaultAccepted, t.malleable == null ? "" : t.malleable)));
    Map<Malleable, int[]> byCategory = new java.util.EnumMap<>(Malleable.class);
    TALLIES.values().stream().filter(t -> t.malleable != null).forEach(t -> {
      int[] c = byCategory.computeIfAbsent(t.malleable, k -> new int[2]);
      c[0] += t.defaultAccepted;
      c[1] += t.total;
    });
    byCategory.forEach((k, c) -> sb.append(String.format("  default accepts %-22s %7d of %7d%n", k, c[0], c[1])));
    System.out.print(sb);
  }

  /** The offsets to mutate in [from, to): all of them, or an evenly spaced sample (see {@link #FULL}). */
  private static int[] positions(int from, int to, int shift, int samples) {
    int len = to - from;
    if (FULL || len <= samples) {
      return IntStream.range(from, to).toArray();
    }
    return IntStream.range(0, samples).map(k -> from + (k * len / samples + shift * 7) % len).distinct().toArray();
  }

  private static void check(String region, Set<FailureReason> expected, @Nullable Malleable malleable, String what,
      Verifiers v, Function<QuoteVerifier, VerifiedQuote> verify, List<String> misses) {
    Tally t = TALLIES.computeIfAbsent(region, k -> new Tally(malleable));
    t.total++;
    try {
      verify.apply(v.strict);
      misses.add(what + " [" + region + "]: ACCEPTED by the strict verifier");
    } catch (QuoteVerificationException e) {
      if (expected.contains(e.reason())) {
        t.strictOk++;
      } else {
        misses.add(what + " [" + region + "] strict: " + e.reason() + " (" + e.getMessage() + "), expected one of " + expected);
      }
    }
    try {
      VerifiedQuote accepted = verify.apply(v.lenient);
      if (malleable == null) {
        misses.add(what + " [" + region + "]: ACCEPTED by the default verifier");
      } else if (!sameVerdict(accepted, v.original)) {
        misses.add(what + " [" + region + "]: accepted by the default verifier with another verdict: " + accepted.status()
            + " " + accepted.advisoryIds());
      } else {
        t.defaultAccepted++;
      }
    } catch (QuoteVerificationException e) {
      if (expected.contains(e.reason())) {
        t.defaultOk++;
      } else {
        misses.add(what + " [" + region + "] default: " + e.reason() + " (" + e.getMessage() + "), expected one of " + expected);
      }
    }
  }

  private static boolean sameVerdict(VerifiedQuote a, VerifiedQuote b) {
    return a.teeType() == b.teeType() && a.status() == b.status() && a.advisoryIds().equals(b.advisoryIds())
        && a.platformStatus() == b.platformStatus() && a.qeStatus() == b.qeStatus()
        && a.pck().fmspcHex().equals(b.pck().fmspcHex())
        && Arrays.equals(a.quote().buffer(), 0, a.quote().signedLength(), b.quote().buffer(), 0, b.quote().signedLength());
  }

  /** A strict and a default verifier for one vector, and the default verdict on the unmutated input. */
  private record Verifiers(QuoteVerifier strict, QuoteVerifier lenient, VerifiedQuote original) {
    static Verifiers of(byte[] quote, QuoteCollateral col, Instant now) {
      QuoteVerifier strict = QuoteVerifier.builder().strictEncoding(true).build();
      VerifiedQuote original = strict.verify(quote, col, now);
      QuoteVerifier lenient = QuoteVerifier.builder().build();
      assertThat(sameVerdict(lenient.verify(quote, col, now), original)).as("both modes agree on the unmutated vector").isTrue();
      return new Verifiers(strict, lenient, original);
    }
  }

  /** The quote's regions per §1, with the reasons of the first step that reads each one. */
  private static List<Region> quoteRegions(Quote q) {
    List<Region> out = new ArrayList<>();
    // §1.1 header
    out.add(new Region("header.version", 0, 2, VERSION));
    out.add(new Region("header.attestation_key_type", 2, 4, EnumSet.of(ATTESTATION_KEY_TYPE)));
    out.add(new Region("header.tee_type", 4, 8, VERSION));
    out.add(new Region("header.qe_svn+pce_svn", 8, 12, QUOTE_SIG));
    out.add(new Region("header.qe_vendor_id", 12, 28, EnumSet.of(QE_VENDOR_ID)));
    out.add(new Region("header.user_data", 28, 48, QUOTE_SIG));
    int body = 48;
    if (q.version() == 5) {
      // §1.2: the type selects the layout; the size is signed but not cross-checked.
      out.add(new Region("body_descriptor.type", 48, 50, PARSE));
      out.add(new Region("body_descriptor.size", 50, 54, EnumSet.of(QUOTE_SIGNATURE, QUOTE_FORMAT)));
      body = 54;
    }
    out.add(new Region("report_body", body, q.signedLength(), QUOTE_SIG));
    int auth = q.signatureOffset();
    // §1.6 authentication data
    out.add(new Region("auth_data_size", auth - 4, auth, PARSE, Malleable.DECLARED_SIZES));
    out.add(new Region("quote_signature", auth, auth + 64, QUOTE_SIG));
    out.add(new Region("attestation_key", auth + 64, auth + 128, QE_BINDING));
    int qeReport = q.qeReport().offset();
    if (q.version() != 3) {
      out.add(new Region("outer_certification_type+size", auth + 128, qeReport, PARSE, Malleable.DECLARED_SIZES));
    }
    out.add(new Region("qe_report", qeReport, qeReport + SgxReport.SIZE, QE_SIG));
    out.add(new Region("qe_report_signature", q.qeReportSignatureOffset(), q.qeReportSignatureOffset() + 64, QE_SIG));
    out.add(new Region("qe_auth_data_size", q.qeAuthDataOffset() - 2, q.qeAuthDataOffset(),
        EnumSet.of(QUOTE_FORMAT, QE_AUTH_DATA)));
    out.add(new Region("qe_auth_data", q.qeAuthDataOffset(), q.qeAuthDataOffset() + q.qeAuthDataLength(), QE_BINDING));
    int cert = q.certificationDataOffset();
    out.add(new Region("pck_certification_type+size", cert - 6, cert, EnumSet.of(QUOTE_FORMAT, PCK_CERT_FORMAT),
        Malleable.DECLARED_SIZES));
    out.add(new Region("pck_certificate_chain", cert, cert + q.certificationDataLength(), PCK_CHAIN, Malleable.PEM_TEXT));
    return out;
  }

  /** Every collateral field with how to rebuild the collateral around a changed value. */
  private static List<Field> fields(QuoteCollateral c) {
    List<Field> out = new ArrayList<>();
    out.add(new Field("pck_crl_issuer_chain", c.pckCrlIssuerChain(), COLLATERAL_CHAIN, false,
        v -> new QuoteCollateral(v, c.rootCaCrl(), c.pckCrl(), c.tcbInfoIssuerChain(), c.tcbInfo(), c.tcbInfoSignature(),
            c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignature(), c.pckCertificateChain())));
    out.add(new Field("root_ca_crl", latin1(c.rootCaCrl()), CRL_STEP, false,
        v -> new QuoteCollateral(c.pckCrlIssuerChain(), bytes(v), c.pckCrl(), c.tcbInfoIssuerChain(), c.tcbInfo(),
            c.tcbInfoSignature(), c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignature(), c.pckCertificateChain())));
    out.add(new Field("pck_crl", latin1(c.pckCrl()), CRL_STEP, false,
        v -> new QuoteCollateral(c.pckCrlIssuerChain(), c.rootCaCrl(), bytes(v), c.tcbInfoIssuerChain(), c.tcbInfo(),
            c.tcbInfoSignature(), c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignature(), c.pckCertificateChain())));
    out.add(new Field("tcb_info_issuer_chain", c.tcbInfoIssuerChain(), COLLATERAL_CHAIN, false,
        v -> new QuoteCollateral(c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(), v, c.tcbInfo(), c.tcbInfoSignature(),
            c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignature(), c.pckCertificateChain())));
    out.add(new Field("tcb_info", c.tcbInfo(), TCB_INFO_STEP, true,
        v -> new QuoteCollateral(c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(), c.tcbInfoIssuerChain(), v,
            c.tcbInfoSignature(), c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignature(), c.pckCertificateChain())));
    out.add(new Field("tcb_info_signature", latin1(c.tcbInfoSignature()), EnumSet.of(TCB_INFO_SIGNATURE), false,
        v -> new QuoteCollateral(c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(), c.tcbInfoIssuerChain(), c.tcbInfo(),
            bytes(v), c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignature(), c.pckCertificateChain())));
    out.add(new Field("qe_identity_issuer_chain", c.qeIdentityIssuerChain(), COLLATERAL_CHAIN, false,
        v -> new QuoteCollateral(c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(), c.tcbInfoIssuerChain(), c.tcbInfo(),
            c.tcbInfoSignature(), v, c.qeIdentity(), c.qeIdentitySignature(), c.pckCertificateChain())));
    out.add(new Field("qe_identity", c.qeIdentity(), QE_IDENTITY_STEP, true,
        v -> new QuoteCollateral(c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(), c.tcbInfoIssuerChain(), c.tcbInfo(),
            c.tcbInfoSignature(), c.qeIdentityIssuerChain(), v, c.qeIdentitySignature(), c.pckCertificateChain())));
    out.add(new Field("qe_identity_signature", latin1(c.qeIdentitySignature()), EnumSet.of(QE_IDENTITY_SIGNATURE), false,
        v -> new QuoteCollateral(c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(), c.tcbInfoIssuerChain(), c.tcbInfo(),
            c.tcbInfoSignature(), c.qeIdentityIssuerChain(), c.qeIdentity(), bytes(v), c.pckCertificateChain())));
    return out;
  }

  /**
   * One semantic edit per scalar value of a JSON document, applied to the exact text so that every
   * other byte stays as signed: numbers +1, booleans negated, strings changed in their first
   * character (a hex digit stays a hex digit, a date stays a date).
   */
  static List<ValueEdit> jsonValueEdits(String json) {
    List<ValueEdit> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        int at = (int) p.currentTokenLocation().getCharOffset();
        String path = p.getParsingContext().pathAsPointer().toString();
        switch (t) {
          case VALUE_NUMBER_INT -> out.add(new ValueEdit(path, at, p.getText().length(), String.valueOf(p.getLongValue() + 1)));
          case VALUE_TRUE -> out.add(new ValueEdit(path, at, 4, "false"));
          case VALUE_FALSE -> out.add(new ValueEdit(path, at, 5, "true"));
          case VALUE_STRING -> {
            String s = p.getText();
            out.add(new ValueEdit(path, at, s.length() + 2, "\"" + changedString(s) + "\""));
          }
          default -> { }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String changedString(String s) {
    if (s.isEmpty()) {
      return "X";
    }
    char c = s.charAt(0);
    char d = Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10)
        : c >= 'a' && c <= 'f' ? (c == 'f' ? 'a' : (char) (c + 1))
        : c >= 'A' && c <= 'F' ? (c == 'F' ? 'A' : (char) (c + 1))
        : Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
    return d == c ? s + "X" : d + s.substring(1);
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String latin1) {
    return latin1.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * A byte range of the quote, the reasons of the step that covers it and, if the range holds an
   * unsigned encoding only strict verification checks, which one.
   */
  private record Region(String name, int from, int to, Set<FailureReason> expected, @Nullable Malleable malleable) {
    Region(String name, int from, int to, Set<FailureReason> expected) {
      this(name, from, to, expected, null);
    }
  }

  /**
   * A collateral field as a Latin-1 string (one char per byte, so binary fields and the ASCII JSON
   * and PEM fields are flipped alike).
   */
  private record Field(String name, String original, Set<FailureReason> expected, boolean json,
      int[] masks, Function<String, QuoteCollateral> rebuild) {
    Field(String name, String original, Set<FailureReason> expected, boolean json, Function<String, QuoteCollateral> rebuild) {
      this(name, original, expected, json, MASKS, rebuild);
    }

    /** The PEM chains are unsigned text; the PCK CRL issuer chain is not read at all unless strict. */
    @Nullable Malleable malleable() {
      return switch (name) {
        case "pck_crl_issuer_chain" -> Malleable.PCK_CRL_ISSUER_CHAIN;
        case "tcb_info_issuer_chain", "qe_identity_issuer_chain" -> Malleable.PEM_TEXT;
        default -> null;
      };
    }
  }

  /** Replaces {@code length} characters at {@code offset} of a JSON text. */
  record ValueEdit(String path, int offset, int length, String replacement) implements UnaryOperator<String> {
    @Override
    public String apply(String json) {
      return json.substring(0, offset) + replacement + json.substring(offset + length);
    }

    @Override
    public String toString() {
      return path + " -> " + replacement;
    }
  }

  /** Mutations tried and rejected by the expected step, per region. */
  private static final class Tally {
    final @Nullable Malleable malleable;
    int total;
    int strictOk;
    int defaultOk;
    int defaultAccepted;

    Tally(@Nullable Malleable malleable) {
      this.malleable = malleable;
    }
  }
}

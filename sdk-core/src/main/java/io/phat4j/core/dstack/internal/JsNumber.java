package io.phat4j.core.dstack.internal;

import java.math.BigDecimal;

/**
 * Formats a {@code double} exactly as JavaScript's {@code Number.prototype.toString()} does
 * (ECMA-262 Number::toString with radix 10), which is what {@code JSON.stringify} writes.
 *
 * <p>The digits come from {@link Double#toString(double)}, which since JDK 19 yields the shortest
 * decimal that rounds back to the value, picking the closest (ties to even) among those — the
 * same choice ECMAScript prescribes. One difference remains: when a single digit would do, Java
 * may still prefer a closer two-digit decimal (it prints {@code 4.9E-324} where JavaScript prints
 * {@code 5e-324}); that case is corrected here. Only the digits and exponent are taken from Java;
 * the layout ({@code 100}, {@code 1e+21}, {@code 1.5e-7}, {@code 0.000001}) follows ECMAScript.
 */
public final class JsNumber {
  private JsNumber() {}

  /**
   * Returns the JavaScript string form of a number.
   *
   * @param value the number
   * @return {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, {@code "0"} for both zeros,
   *     or the shortest round-tripping decimal in ECMAScript layout
   */
  public static String toString(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (value == 0) {
      return "0"; // also -0
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    Decimal d = shortest(Math.abs(value));
    return (value < 0 ? "-" : "") + layout(d.digits, d.n);
  }

  /** value = 0.digits × 10^n, digits without leading or trailing zeros. */
  private record Decimal(String digits, int n) {}

  private static Decimal shortest(double v) {
    Decimal d = fromJava(Double.toString(v));
    if (d.digits.length() == 2) {
      Decimal one = oneDigit(v, d);
      if (one != null) {
        return one;
      }
    }
    return d;
  }

  private static Decimal fromJava(String s) {
    int e = s.indexOf('E');
    int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
    String mantissa = e < 0 ? s : s.substring(0, e);
    int dot = mantissa.indexOf('.');
    String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    int n = dot + exp;
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
    }
    digits = digits.substring(lead);
    n -= lead;
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return new Decimal(digits.substring(0, end), n);
  }

  /** A one-digit decimal that also rounds to v, the closest one (ties to even), or null. */
  private static Decimal oneDigit(double v, Decimal two) {
    int first = two.digits.charAt(0) - '0';
    Decimal down = new Decimal(String.valueOf(first), two.n);
    Decimal up = first == 9 ? new Decimal("1", two.n + 1) : new Decimal(String.valueOf(first + 1), two.n);
    boolean downOk = roundsTo(down, v);
    boolean upOk = roundsTo(up, v);
    if (downOk && upOk) {
      BigDecimal exact = new BigDecimal(v);
      int cmp = exact.subtract(value(down)).abs().compareTo(value(up).subtract(exact).abs());
      if (cmp != 0) {
        return cmp < 0 ? down : up;
      }
      return (first % 2 == 0) ? down : up;
    }
    return downOk ? down : upOk ? up : null;
  }

  private static boolean roundsTo(Decimal d, double v) {
    return Double.parseDouble("0." + d.digits + "E" + d.n) == v;
  }

  private static BigDecimal value(Decimal d) {
    return new BigDecimal("0." + d.digits + "E" + d.n);
  }

  // ECMA-262 Number::toString steps for radix 10; k digits, value = digits × 10^(n−k).
  private static String layout(String digits, int n) {
    int k = digits.length();
    if (k <= n && n <= 21) {
      return digits + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return digits.substring(0, n) + "." + digits.substring(n);
    }
    if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + digits;
    }
    int e = n - 1;
    String exp = "e" + (e >= 0 ? "+" : "-") + Math.abs(e);
    return k == 1 ? digits + exp : digits.charAt(0) + "." + digits.substring(1) + exp;
  }
}

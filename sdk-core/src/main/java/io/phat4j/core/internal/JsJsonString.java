package io.phat4j.core.internal;

/**
 * Writes JSON string literals exactly as JavaScript's {@code JSON.stringify} does (ECMAScript
 * QuoteJSONString), so JSON phat4j produces is byte-identical to Phala's JS tools.
 *
 * <p>Escapes {@code "} and {@code \}, the short forms {@code \b \f \n \r \t}, other control
 * characters and lone surrogates as lowercase {@code \}{@code u00xx}; everything else, non-ASCII
 * included, is written raw.
 */
public final class JsJsonString {
  private JsJsonString() {}

  /**
   * Appends {@code s} as a quoted JSON string literal.
   *
   * @param sb where to append
   * @param s the string
   */
  public static void append(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c)) {
            // A control character, or a surrogate without its partner.
            unicodeEscape(sb, c);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void unicodeEscape(StringBuilder sb, char c) {
    String hex = Integer.toHexString(c);
    sb.append("\\u");
    for (int k = hex.length(); k < 4; k++) {
      sb.append('0');
    }
    sb.append(hex);
  }
}

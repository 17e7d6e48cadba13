package io.phat4j.attestation.dcap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.json.PhalaJson;

/** Small helpers to derive invalid inputs from real vectors. */
final class Mutations {
  private Mutations() {}

  static byte[] flip(byte[] b, int offset) {
    byte[] c = b.clone();
    c[offset] ^= 1;
    return c;
  }

  static QuoteCollateral with(QuoteCollateral c, String field, String value) {
    ObjectNode n = (ObjectNode) PhalaJson.readTree("collateral", c.toJson());
    n.put(field, value);
    return QuoteCollateral.fromJson(n.toString());
  }
}

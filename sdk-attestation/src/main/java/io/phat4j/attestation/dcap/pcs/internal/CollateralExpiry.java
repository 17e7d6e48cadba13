package io.phat4j.attestation.dcap.pcs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.core.DecodeException;
import io.phat4j.core.json.PhalaJson;
import java.time.DateTimeException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Finds when collateral stops being current: the earliest nextUpdate of its four signed parts. */
public final class CollateralExpiry {
  private CollateralExpiry() {}

  /**
   * Returns the earliest nextUpdate of the TCB info, QE identity, PCK CRL and root CA CRL.
   *
   * @param collateral the collateral
   * @return the instant after which the collateral must be fetched again
   * @throws DecodeException if a part has no readable nextUpdate
   */
  public static Instant earliestNextUpdate(QuoteCollateral collateral) {
    Instant earliest = jsonNextUpdate("tcb_info", collateral.tcbInfo());
    earliest = min(earliest, jsonNextUpdate("qe_identity", collateral.qeIdentity()));
    earliest = min(earliest, crlNextUpdate("pck_crl", collateral.pckCrl()));
    return min(earliest, crlNextUpdate("root_ca_crl", collateral.rootCaCrl()));
  }

  private static Instant jsonNextUpdate(String field, String json) {
    JsonNode n = PhalaJson.readTree(field, json).get("nextUpdate");
    if (n == null || !n.isTextual()) {
      throw new DecodeException(field + ".nextUpdate", "is missing or not a string");
    }
    try {
      return Instant.parse(n.asText());
    } catch (DateTimeException e) {
      throw new DecodeException(field + ".nextUpdate", -1, "is not an RFC 3339 UTC time", e);
    }
  }

  private static Instant crlNextUpdate(String field, byte[] der) {
    Instant next = CrlBody.nextUpdate(field, der);
    if (next == null) {
      throw new DecodeException(field + ".nextUpdate", "is missing");
    }
    return next;
  }

  private static Instant min(Instant a, @Nullable Instant b) {
    return b != null && b.isBefore(a) ? b : a;
  }
}

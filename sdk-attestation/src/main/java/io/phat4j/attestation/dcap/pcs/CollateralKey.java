package io.phat4j.attestation.dcap.pcs;

import io.phat4j.attestation.dcap.PckCaType;
import io.phat4j.attestation.dcap.PckCertChain;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.TeeType;
import io.phat4j.core.Hex;
import java.util.Locale;
import java.util.Objects;

/**
 * What a quote's collateral depends on: the TEE type (SGX or TDX TCB info and QE identity), the
 * platform's FMSPC (which TCB info) and the CA that issued its PCK certificate (which PCK CRL).
 * Quotes with equal keys share collateral.
 *
 * @param teeType SGX or TDX
 * @param fmspc the FMSPC as 12 uppercase hex digits
 * @param pckCaType the PCK certificate's issuing CA
 */
public record CollateralKey(TeeType teeType, String fmspc, PckCaType pckCaType) {
  private static final int FMSPC_BYTES = 6;

  /**
   * Validates the FMSPC and normalises it to uppercase.
   *
   * @throws io.phat4j.core.DecodeException if {@code fmspc} is not 12 hex digits
   */
  public CollateralKey {
    Objects.requireNonNull(teeType, "teeType");
    Objects.requireNonNull(pckCaType, "pckCaType");
    Hex.decode("fmspc", Objects.requireNonNull(fmspc, "fmspc"), FMSPC_BYTES);
    if (fmspc.startsWith("0x") || fmspc.startsWith("0X")) {
      fmspc = fmspc.substring(2);
    }
    fmspc = fmspc.toUpperCase(Locale.ROOT);
  }

  /**
   * Derives the key from a quote: its TEE type and its PCK certificate's FMSPC and issuer.
   *
   * @param quote the parsed quote
   * @return the key
   * @throws io.phat4j.core.DecodeException if the quote carries no PCK certificate chain or it is malformed
   */
  public static CollateralKey of(Quote quote) {
    PckCertChain chain = PckCertChain.fromQuote(quote);
    return new CollateralKey(quote.teeType(), chain.extension().fmspcHex(), chain.caType());
  }
}

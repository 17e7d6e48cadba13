package io.phat4j.contracts.rollup;

import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.core.Bytes32;
import io.phat4j.core.dstack.EventLog;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Off-chain evidence that an attestor address belongs to an attested dstack app. */
public sealed interface AttestorEvidence permits AttestorEvidence.Quote, AttestorEvidence.KeyChain {

  /**
   * A TDX quote, already verified (signatures, collateral and your TCB policy), whose {@code
   * report_data} commits to the attestor: bytes 0..20 are the address, 20..32 zero, and 32..64
   * the nonce you sent (the convention of Phala's verifiers). The event log gives the app id and
   * compose hash; it must replay to the quote's RTMR3.
   *
   * @param quote the verified quote
   * @param eventLog the quote's event log
   * @param nonce the 32-byte nonce expected in {@code report_data[32..64]}, or null to skip that check
   */
  record Quote(VerifiedQuote quote, EventLog eventLog, byte @Nullable [] nonce) implements AttestorEvidence {
    /** Checks and copies the nonce. */
    public Quote {
      Objects.requireNonNull(quote, "quote");
      Objects.requireNonNull(eventLog, "eventLog");
      if (nonce != null && nonce.length != 32) {
        throw new io.phat4j.core.InvalidInputException("the nonce is 32 bytes, got " + nonce.length);
      }
      nonce = nonce == null ? null : nonce.clone();
    }

    @Override
    public byte @Nullable [] nonce() {
      return nonce == null ? null : nonce.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Quote q && q.quote.equals(quote) && q.eventLog == eventLog && Arrays.equals(q.nonce, nonce);
    }

    @Override
    public int hashCode() {
      return Objects.hash(quote, eventLog, Arrays.hashCode(nonce));
    }
  }

  /**
   * The attestor key's dstack {@code GetKey} signature chain, plus the compose hash the app runs
   * (e.g. from its {@code Info} or attestation); the KMS root it recovers to is compared with the
   * one {@code DstackKms.kmsInfo()} records.
   *
   * @param chain the signature chain of the attestor key
   * @param composeHash the app's compose hash
   */
  record KeyChain(KeySignatureChain chain, Bytes32 composeHash) implements AttestorEvidence {
    /** Checks the fields. */
    public KeyChain {
      Objects.requireNonNull(chain, "chain");
      Objects.requireNonNull(composeHash, "composeHash");
    }
  }
}

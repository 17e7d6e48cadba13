package io.phat4j.contracts.kms;

import io.phat4j.core.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * The KMS's public identity as {@code DstackKms.kmsInfo()} stores it. {@code k256Pubkey} is the
 * root key that signs every app key ({@code signature_chain[1]} of {@code GetKey}).
 *
 * @param k256Pubkey the KMS root secp256k1 public key (SEC1, usually 33 bytes compressed)
 * @param caPubkey the KMS CA public key (DER)
 * @param quote the KMS's TDX quote
 * @param eventlog the KMS's event log
 */
public record KmsInfo(byte[] k256Pubkey, byte[] caPubkey, byte[] quote, byte[] eventlog) {
  /**
   * Copies the fields.
   *
   * @param k256Pubkey the root key
   * @param caPubkey the CA key
   * @param quote the quote
   * @param eventlog the event log
   */
  public KmsInfo {
    k256Pubkey = k256Pubkey.clone();
    caPubkey = caPubkey.clone();
    quote = quote.clone();
    eventlog = eventlog.clone();
  }

  @Override
  public byte[] k256Pubkey() {
    return k256Pubkey.clone();
  }

  @Override
  public byte[] caPubkey() {
    return caPubkey.clone();
  }

  @Override
  public byte[] quote() {
    return quote.clone();
  }

  @Override
  public byte[] eventlog() {
    return eventlog.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KmsInfo k
        && Arrays.equals(k256Pubkey, k.k256Pubkey)
        && Arrays.equals(caPubkey, k.caPubkey)
        && Arrays.equals(quote, k.quote)
        && Arrays.equals(eventlog, k.eventlog);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(k256Pubkey), Arrays.hashCode(caPubkey), Arrays.hashCode(quote), Arrays.hashCode(eventlog));
  }

  @Override
  public String toString() {
    return "KmsInfo[k256Pubkey=0x" + Hex.encode(k256Pubkey) + ", caPubkey " + caPubkey.length + " bytes, quote "
        + quote.length + " bytes, eventlog " + eventlog.length + " bytes]";
  }
}

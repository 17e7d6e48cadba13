package io.phat4j.ai;

import io.phat4j.core.DecodeException;
import java.util.Locale;

/** The response-signing algorithms Phala's confidential-AI servers use. */
public enum SigningAlgorithm {
  /**
   * secp256k1 with EIP-191 {@code personal_sign}; the signing address is the 20-byte Ethereum
   * address of the key.
   */
  ECDSA("ecdsa", 20),
  /** Raw RFC 8032 Ed25519; the signing "address" is the 32-byte public key. */
  ED25519("ed25519", 32);

  private final String wireName;
  private final int identityLength;

  SigningAlgorithm(String wireName, int identityLength) {
    this.wireName = wireName;
    this.identityLength = identityLength;
  }

  /**
   * Returns the name the API uses ({@code ecdsa} or {@code ed25519}).
   *
   * @return the wire name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the length of the key identity bound into report_data (address or public key).
   *
   * @return 20 for ECDSA, 32 for Ed25519
   */
  public int identityLength() {
    return identityLength;
  }

  /**
   * Decodes a signing address for this algorithm to its identity bytes.
   *
   * @param field the field name for error messages
   * @param address the address ({@code 0x} optional, any case) or Ed25519 public key hex
   * @return the 20-byte address or the 32-byte public key
   * @throws DecodeException if the text is not hex of the right length
   */
  public byte[] identity(String field, String address) {
    return io.phat4j.core.Hex.decode(field, address.strip(), identityLength);
  }

  /**
   * Parses a wire name, case-insensitively.
   *
   * @param name {@code ecdsa} or {@code ed25519}
   * @return the algorithm
   * @throws DecodeException for any other name ({@code ecdsa-p256} and {@code rsa} are not supported)
   */
  public static SigningAlgorithm fromWireName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (SigningAlgorithm a : values()) {
      if (a.wireName.equals(n)) {
        return a;
      }
    }
    throw new DecodeException("signing_algo", "unsupported signing algorithm '" + name + "' (ecdsa or ed25519)");
  }
}

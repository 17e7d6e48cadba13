package io.phat4j.examples.quickstart;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.rollup.KeySignatureChain;
import io.phat4j.core.AppId;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.crypto.X25519PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.web3j.crypto.Keys;

/**
 * What the contract announces about itself by extending RTMR3 with an event at start-up: its
 * attestor key (with the KMS signature chain that issued it) and the X25519 key inputs are sealed
 * to. Being in the measured event log, the announcement is covered by every later quote of the
 * CVM, so a verifier that checks the quote and replays the log knows these keys belong to the
 * attested app.
 *
 * <p>Payload layout (195 bytes): compressed attestor key (33) ‖ {@code signature_chain[0]} (65) ‖
 * {@code signature_chain[1]} (65) ‖ X25519 input key (32).
 *
 * @param attestorKey the attestor's secp256k1 public key
 * @param appSignature the app key's signature over the attestor key
 * @param kmsSignature the KMS root's signature over the app key
 * @param inputKey the key requests are sealed to
 */
public record KeyAnnouncement(
    Secp256k1PublicKey attestorKey, byte[] appSignature, byte[] kmsSignature, X25519PublicKey inputKey) {
  /** The RTMR3 event name. */
  public static final String EVENT = "phat4j-quickstart-keys";

  /** The {@code GetKey} path and purpose of the attestor key. */
  public static final String ATTESTOR_PATH = "quickstart/attestor";

  /** The purpose the attestor key is requested with (bound by the signature chain). */
  public static final String ATTESTOR_PURPOSE = "ethereum";

  /** The {@code GetKey} path of the input key. */
  public static final String INPUT_PATH = "quickstart/input";

  private static final int LENGTH = 33 + 65 + 65 + 32;

  /** Checks and copies the signatures. */
  public KeyAnnouncement {
    Objects.requireNonNull(attestorKey, "attestorKey");
    Objects.requireNonNull(inputKey, "inputKey");
    if (appSignature.length != 65 || kmsSignature.length != 65) {
      throw new io.phat4j.core.InvalidInputException("signatures are 65 bytes");
    }
    appSignature = appSignature.clone();
    kmsSignature = kmsSignature.clone();
  }

  /**
   * Encodes the event payload.
   *
   * @return 195 bytes
   */
  public byte[] encode() {
    byte[] out = new byte[LENGTH];
    System.arraycopy(attestorKey.compressed(), 0, out, 0, 33);
    System.arraycopy(appSignature, 0, out, 33, 65);
    System.arraycopy(kmsSignature, 0, out, 98, 65);
    System.arraycopy(inputKey.toByteArray(), 0, out, 163, 32);
    return out;
  }

  /**
   * Decodes an event payload.
   *
   * @param payload the bytes from the event log
   * @return the announcement
   * @throws DecodeException if the length or the key encodings are wrong
   */
  public static KeyAnnouncement decode(byte[] payload) {
    if (payload.length != LENGTH) {
      throw new DecodeException(EVENT, 0, "is " + payload.length + " bytes, expected " + LENGTH, null);
    }
    return new KeyAnnouncement(
        Secp256k1PublicKey.of(Arrays.copyOfRange(payload, 0, 33)),
        Arrays.copyOfRange(payload, 33, 98),
        Arrays.copyOfRange(payload, 98, 163),
        X25519PublicKey.of(Arrays.copyOfRange(payload, 163, 195)));
  }

  /**
   * Returns the attestor key's signature chain, as the rollup result check takes it.
   *
   * @param appId the app the key claims to belong to
   * @return the chain
   */
  public KeySignatureChain chain(AppId appId) {
    return KeySignatureChain.of(ATTESTOR_PURPOSE, attestorKey, appId, List.of(appSignature, kmsSignature));
  }

  /**
   * Returns the attestor's Ethereum address.
   *
   * @return the address of {@link #attestorKey()}
   */
  public EvmAddress attestor() {
    byte[] uncompressed = attestorKey.uncompressed();
    return EvmAddress.fromHex("0x" + Keys.getAddress(Hex.encode(Arrays.copyOfRange(uncompressed, 1, 65))));
  }

  @Override
  public byte[] appSignature() {
    return appSignature.clone();
  }

  @Override
  public byte[] kmsSignature() {
    return kmsSignature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyAnnouncement a && Arrays.equals(a.encode(), encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "KeyAnnouncement[attestor=" + attestor() + ", inputKey=" + inputKey.hex() + "]";
  }
}

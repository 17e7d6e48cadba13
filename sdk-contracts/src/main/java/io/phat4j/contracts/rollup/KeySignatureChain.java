package io.phat4j.contracts.rollup;

import io.phat4j.contracts.rollup.internal.Recover;
import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.web3j.crypto.Keys;

/**
 * The signature chain dstack's {@code GetKey} returns with a derived key: the app key signs the
 * derived key, and the KMS root key signs the app key.
 *
 * <ul>
 *   <li>{@code signature_chain[0]}: the app's k256 key over {@code keccak256(purpose ‖ ":" ‖
 *       hex(compressed derived public key))};
 *   <li>{@code signature_chain[1]}: the KMS root k256 key over {@code keccak256("dstack-kms-issued"
 *       ‖ ":" ‖ app_id (20 bytes) ‖ compressed app public key)}.
 * </ul>
 *
 * <p>Recovering both gives the KMS root key, to compare with {@code DstackKms.kmsInfo()}. The
 * attestor's address is the Ethereum address of the derived key itself (the raw {@code GetKey}
 * key used as the EVM key).
 *
 * @param purpose the {@code purpose} passed to {@code GetKey}
 * @param derivedKey the public key of the derived key
 * @param appId the app the key was derived for
 * @param appSignature {@code signature_chain[0]}, 65 bytes (copied)
 * @param kmsSignature {@code signature_chain[1]}, 65 bytes (copied)
 */
public record KeySignatureChain(
    String purpose, Secp256k1PublicKey derivedKey, AppId appId, byte[] appSignature, byte[] kmsSignature) {

  /** Copies the signatures. */
  public KeySignatureChain {
    appSignature = appSignature.clone();
    kmsSignature = kmsSignature.clone();
  }

  /**
   * Creates the chain from {@code GetKey}'s {@code signature_chain} array.
   *
   * @param purpose the purpose passed to {@code GetKey}
   * @param derivedKey the derived public key
   * @param appId the app id
   * @param signatureChain the two signatures, app first
   * @return the chain
   * @throws InvalidInputException if the array does not hold two signatures
   */
  public static KeySignatureChain of(
      String purpose, Secp256k1PublicKey derivedKey, AppId appId, List<byte[]> signatureChain) {
    if (signatureChain.size() != 2) {
      throw new InvalidInputException("a GetKey signature chain has 2 signatures, got " + signatureChain.size());
    }
    return new KeySignatureChain(purpose, derivedKey, appId, signatureChain.get(0), signatureChain.get(1));
  }

  @Override
  public byte[] appSignature() {
    return appSignature.clone();
  }

  @Override
  public byte[] kmsSignature() {
    return kmsSignature.clone();
  }

  /**
   * Returns the Ethereum address of the derived key.
   *
   * @return the address
   */
  public io.phat4j.contracts.chain.EvmAddress derivedAddress() {
    byte[] uncompressed = derivedKey.uncompressed();
    return io.phat4j.contracts.chain.EvmAddress.fromHex(
        "address", "0x" + Keys.getAddress(Hex.encode(Arrays.copyOfRange(uncompressed, 1, 65))));
  }

  /**
   * Recovers the app key that signed the derived key.
   *
   * @return the app's k256 public key
   * @throws io.phat4j.core.CryptoException if the signature is malformed
   */
  public Secp256k1PublicKey recoverAppKey() {
    return Recover.signer("signature_chain[0]", appMessage(purpose, derivedKey), appSignature);
  }

  /**
   * Recovers the KMS root key that signed the app key.
   *
   * @return the KMS root public key
   * @throws io.phat4j.core.CryptoException if a signature is malformed
   */
  public Secp256k1PublicKey recoverKmsRoot() {
    return Recover.signer("signature_chain[1]", kmsMessage(appId, recoverAppKey()), kmsSignature);
  }

  /**
   * Builds the message the app key signs (before keccak256).
   *
   * @param purpose the purpose
   * @param derivedKey the derived public key
   * @return {@code purpose ‖ ":" ‖ hex(compressed key)} as UTF-8
   */
  public static byte[] appMessage(String purpose, Secp256k1PublicKey derivedKey) {
    return (purpose + ":" + Hex.encode(derivedKey.compressed())).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Builds the message the KMS root key signs (before keccak256).
   *
   * @param appId the app id
   * @param appKey the app's k256 public key
   * @return {@code "dstack-kms-issued:" ‖ app_id ‖ compressed app key}
   */
  public static byte[] kmsMessage(AppId appId, Secp256k1PublicKey appKey) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("dstack-kms-issued:".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(appId.toByteArray());
    out.writeBytes(appKey.compressed());
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeySignatureChain c
        && c.purpose.equals(purpose)
        && c.derivedKey.equals(derivedKey)
        && c.appId.equals(appId)
        && Arrays.equals(c.appSignature, appSignature)
        && Arrays.equals(c.kmsSignature, kmsSignature);
  }

  @Override
  public int hashCode() {
    return ((purpose.hashCode() * 31 + derivedKey.hashCode()) * 31 + appId.hashCode()) * 31
        + Arrays.hashCode(appSignature);
  }

  @Override
  public String toString() {
    return "KeySignatureChain[purpose=" + purpose + ", derivedAddress=" + derivedAddress() + ", appId=" + appId + "]";
  }
}

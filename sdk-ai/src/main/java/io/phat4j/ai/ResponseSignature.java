package io.phat4j.ai;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.crypto.RecoverableSignature;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * A response signature as returned by {@code GET /v1/signature/{chat_id}}: the signed text, the
 * signature and the key that should have made it.
 *
 * <p>ECDSA signatures are EIP-191 {@code personal_sign} over the UTF-8 text, 65 bytes
 * {@code r‖s‖v} with {@code v} 27/28 (0/1 accepted); the signer's address is recovered and compared
 * with {@code signingAddress}. Ed25519 signatures are raw 64-byte signatures over the UTF-8 text,
 * checked with {@code signingAddress} as the hex public key.
 *
 * @param text the signed text (normally {@code sha256(request):sha256(response)}, see {@link SignedText})
 * @param signature the signature hex ({@code 0x} optional)
 * @param signingAddress the Ethereum address (ECDSA) or Ed25519 public key hex
 * @param algorithm the signing algorithm
 */
public record ResponseSignature(String text, String signature, String signingAddress, SigningAlgorithm algorithm) {
  /**
   * Reads the JSON body of {@code GET /v1/signature/{chat_id}}.
   *
   * @param json the response body
   * @return the signature
   * @throws DecodeException when a field is missing or malformed
   */
  public static ResponseSignature fromJson(byte[] json) {
    JsonNode node = PhalaJson.readTree("signature response", json);
    String algo = node.path("signing_algo").isTextual() ? node.get("signing_algo").asText() : "ecdsa";
    return new ResponseSignature(text(node, "text"), text(node, "signature"), text(node, "signing_address"),
        SigningAlgorithm.fromWireName(algo));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new DecodeException(field, "is missing or not a string");
    }
    return v.asText();
  }

  /**
   * Tells whether the signature over {@link #text()} was made by the key behind
   * {@link #signingAddress()}.
   *
   * @return true only for a valid signature by that key
   * @throws DecodeException when the signature or address is not hex of the right length
   */
  public boolean isValid() {
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    byte[] identity = algorithm.identity("signing_address", signingAddress);
    return switch (algorithm) {
      case ECDSA -> {
        byte[] recovered = recoverAddress(message, Hex.decode("signature", signature.strip(), 65));
        yield recovered != null && MessageDigest.isEqual(recovered, identity);
      }
      case ED25519 -> ed25519Valid(message, Hex.decode("signature", signature.strip(), 64), identity);
    };
  }

  /**
   * Recovers the Ethereum address that made an EIP-191 signature.
   *
   * @param message the signed message bytes (before the EIP-191 prefix)
   * @param signature 65 bytes {@code r‖s‖v}, {@code v} in 27/28 or 0/1
   * @return the 20-byte address, or null when no key can be recovered
   * @throws DecodeException when the signature is not 65 bytes
   */
  public static byte @org.jspecify.annotations.Nullable [] recoverAddress(byte[] message, byte[] signature) {
    if (signature.length != 65) {
      throw new DecodeException("signature", "must be 65 bytes r||s||v, got " + signature.length);
    }
    RecoverableSignature parsed;
    try {
      parsed = RecoverableSignature.of(signature);
    } catch (InvalidInputException e) {
      // v not 0/1/27/28, or r or s out of range: no signer, hence not valid.
      return null;
    }
    Secp256k1PublicKey key;
    try {
      key = parsed.recover(Sign.getEthereumMessageHash(message));
    } catch (CryptoException e) {
      return null; // no curve point for r
    }
    byte[] xy = Arrays.copyOfRange(key.uncompressed(), 1, 65);
    return Hex.decode("address", Keys.getAddress(Hex.encode(xy)), 20);
  }

  private static boolean ed25519Valid(byte[] message, byte[] signature, byte[] publicKey) {
    Ed25519PublicKeyParameters key;
    try {
      key = new Ed25519PublicKeyParameters(publicKey, 0);
    } catch (IllegalArgumentException e) {
      return false; // not a curve point: no signature can be valid for it
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }
}

package io.phat4j.contracts.rollup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.CryptoException;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * EIP-712 digests and signatures of {@link ForwardRequest}s, as the anchor checks them.
 *
 * <p>Domain: name {@code PhatRollupMetaTxReceiver}, version {@code 0.0.1}, the chain id and the
 * anchor address. Type: {@code ForwardRequest(address from,uint256 nonce,bytes data)}. The anchor
 * accepts a signature {@code r ‖ s ‖ v} with {@code v} 27 or 28 and a low {@code s}
 * (OpenZeppelin ECDSA rules); {@link #recover} applies the same rules.
 */
public final class MetaTxSignatures {
  /** The EIP-712 domain name. */
  public static final String DOMAIN_NAME = "PhatRollupMetaTxReceiver";
  /** The EIP-712 domain version. */
  public static final String DOMAIN_VERSION = "0.0.1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger HALF_ORDER = Sign.CURVE_PARAMS.getN().shiftRight(1);

  private MetaTxSignatures() {}

  /**
   * Computes the digest the attestor signs.
   *
   * @param chainId the chain id
   * @param anchor the anchor contract address
   * @param request the request
   * @return the 32-byte EIP-712 digest
   */
  public static byte[] digest(long chainId, EvmAddress anchor, ForwardRequest request) {
    try {
      return new StructuredDataEncoder(typedData(chainId, anchor, request)).hashStructuredData();
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException("cannot hash the ForwardRequest: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Signs a request with the attestor key.
   *
   * @param attestorKey the key whose address is {@code request.from()}
   * @param chainId the chain id
   * @param anchor the anchor contract address
   * @param request the request
   * @return 65 bytes {@code r ‖ s ‖ v}, v = 27 or 28
   * @throws InvalidInputException if the key's address is not {@code request.from()}
   */
  public static byte[] sign(
      Secp256k1PrivateKey attestorKey, long chainId, EvmAddress anchor, ForwardRequest request) {
    EvmAddress signer = addressOf(attestorKey);
    if (!signer.equals(request.from())) {
      throw new InvalidInputException("the key's address " + signer + " is not the request's from " + request.from());
    }
    byte[] d = attestorKey.secret().revealBytes();
    Sign.SignatureData sig;
    try {
      sig = Sign.signMessage(digest(chainId, anchor, request), ECKeyPair.create(d), false);
    } finally {
      Arrays.fill(d, (byte) 0);
    }
    byte[] out = new byte[65];
    System.arraycopy(sig.getR(), 0, out, 0, 32);
    System.arraycopy(sig.getS(), 0, out, 32, 32);
    out[64] = sig.getV()[0];
    return out;
  }

  /**
   * Recovers the address that signed a request.
   *
   * @param chainId the chain id
   * @param anchor the anchor contract address
   * @param request the request
   * @param signature 65 bytes {@code r ‖ s ‖ v}
   * @return the signer address
   * @throws CryptoException if the signature is malformed or the anchor would reject it
   */
  public static EvmAddress recover(
      long chainId, EvmAddress anchor, ForwardRequest request, byte[] signature) {
    if (signature.length != 65) {
      throw new CryptoException("a meta-transaction signature is 65 bytes, got " + signature.length);
    }
    int v = signature[64] & 0xff;
    if (v != 27 && v != 28) {
      throw new CryptoException("the signature's v must be 27 or 28, got " + v);
    }
    byte[] r = Arrays.copyOfRange(signature, 0, 32);
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    if (new BigInteger(1, s).compareTo(HALF_ORDER) > 0) {
      throw new CryptoException("the signature has a high s value, which the anchor rejects");
    }
    try {
      BigInteger key = Sign.signedMessageHashToKey(
          digest(chainId, anchor, request), new Sign.SignatureData((byte) v, r, s));
      return EvmAddress.fromHex("signer", "0x" + Keys.getAddress(key));
    } catch (SignatureException | RuntimeException e) {
      throw new CryptoException("the signature does not recover to a key", e);
    }
  }

  /**
   * Returns the Ethereum address of a key.
   *
   * @param key the key
   * @return the address
   */
  public static EvmAddress addressOf(Secp256k1PrivateKey key) {
    byte[] uncompressed = key.publicKey().uncompressed();
    return EvmAddress.fromHex("address", "0x" + Keys.getAddress(Hex.encode(Arrays.copyOfRange(uncompressed, 1, 65))));
  }

  private static String typedData(long chainId, EvmAddress anchor, ForwardRequest request) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode types = root.putObject("types");
    ArrayNode domainType = types.putArray("EIP712Domain");
    field(domainType, "name", "string");
    field(domainType, "version", "string");
    field(domainType, "chainId", "uint256");
    field(domainType, "verifyingContract", "address");
    ArrayNode requestType = types.putArray("ForwardRequest");
    field(requestType, "from", "address");
    field(requestType, "nonce", "uint256");
    field(requestType, "data", "bytes");
    root.put("primaryType", "ForwardRequest");
    ObjectNode domain = root.putObject("domain");
    domain.put("name", DOMAIN_NAME);
    domain.put("version", DOMAIN_VERSION);
    domain.put("chainId", chainId);
    domain.put("verifyingContract", anchor.toString());
    ObjectNode message = root.putObject("message");
    message.put("from", request.from().toString());
    message.put("nonce", request.nonce().toString());
    message.put("data", Hex.encode0x(request.data()));
    return JSON.writeValueAsString(root);
  }

  private static void field(ArrayNode type, String name, String solidityType) {
    type.addObject().put("name", name).put("type", solidityType);
  }
}

package io.phat4j.contracts.rollup.internal;

import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.Bytes32;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;

/**
 * The two governance reads the result check needs: the KMS root key ({@code
 * DstackKms.kmsInfo().k256Pubkey}) and {@code DstackApp.allowedComposeHashes(hash)}.
 */
public final class Governance {
  private final ChainClient chain;

  /**
   * Wraps a chain connection.
   *
   * @param chain the client
   */
  public Governance(ChainClient chain) {
    this.chain = chain;
  }

  /**
   * Reads the KMS root k256 key.
   *
   * @param kms the DstackKms contract
   * @param block the block whose state to read
   * @return the key
   */
  public Secp256k1PublicKey kmsRoot(EvmAddress kms, BlockRef block) {
    Function kmsInfo = new Function("kmsInfo", List.of(), List.of(
        new TypeReference<DynamicBytes>() {}, new TypeReference<DynamicBytes>() {},
        new TypeReference<DynamicBytes>() {}, new TypeReference<DynamicBytes>() {}));
    List<Type<?>> out = chain.call(kms, kmsInfo, block);
    return Secp256k1PublicKey.fromHex("kmsInfo.k256Pubkey", io.phat4j.core.Hex.encode(((DynamicBytes) out.get(0)).getValue()));
  }

  /**
   * Reads whether an app allows a compose hash.
   *
   * @param app the DstackApp contract (the app id)
   * @param composeHash the compose hash
   * @param block the block whose state to read
   * @return true when allowed
   */
  public boolean composeHashAllowed(EvmAddress app, Bytes32 composeHash, BlockRef block) {
    Function f = new Function("allowedComposeHashes",
        List.of(new org.web3j.abi.datatypes.generated.Bytes32(composeHash.toByteArray())),
        List.of(new TypeReference<Bool>() {}));
    return ((Bool) chain.call(app, f, block).get(0)).getValue();
  }
}

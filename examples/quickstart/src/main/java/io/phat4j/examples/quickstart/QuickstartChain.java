package io.phat4j.examples.quickstart;

import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.ChainLog;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.contracts.kms.AppDeployment;
import io.phat4j.contracts.kms.DeployedApp;
import io.phat4j.contracts.kms.DstackApp;
import io.phat4j.contracts.kms.DstackKms;
import io.phat4j.contracts.rollup.internal.AnchorAbi;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.devnet.Devnet;
import io.phat4j.testkit.anvil.ContractArtifact;
import io.phat4j.testkit.anvil.DevAccount;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;

/**
 * The quickstart's view of the devnet's L2 (anvil): the KMS registry the devnet deployed ({@code
 * DstackKms}, publishing the KMS root key), the app's governance contract it deploys ({@code
 * DstackApp}, whose address is the app id and which allows compose hashes) and the rollup anchor
 * ({@code RollupConsumer}). Dev account 0 is the admin of all three, 3 the consumer, 1 the
 * impostor of {@code --tamper=attestor}.
 */
public final class QuickstartChain implements AutoCloseable {
  private static final String ARTIFACTS = "/io/phat4j/contracts/artifacts/";
  private static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);

  private final ChainClient chain;
  private final URI rpcUrl;
  private final long chainId;
  private final List<DevAccount> accounts;
  private final EvmAddress kms;

  /**
   * Connects to the devnet's chain.
   *
   * @param devnet a devnet started with its chain
   */
  public QuickstartChain(Devnet devnet) {
    this.rpcUrl = devnet.chainRpcUrl();
    this.chainId = devnet.chainId();
    this.accounts = devnet.devAccounts();
    this.kms = devnet.kmsContract();
    this.chain = ChainClient.builder().rpcUrl(rpcUrl.toString()).pollInterval(Duration.ofMillis(20)).build();
  }

  /**
   * Returns the JSON-RPC URL.
   *
   * @return e.g. {@code http://127.0.0.1:34869}
   */
  public String rpcUrl() {
    return rpcUrl.toString();
  }

  /**
   * Returns the chain id.
   *
   * @return e.g. 31337
   */
  public long chainId() {
    return chainId;
  }

  /**
   * Returns the chain client (owned by this object).
   *
   * @return the client
   */
  public ChainClient client() {
    return chain;
  }

  /**
   * Returns dev account 0: owner of the KMS contract, admin of the app and the anchor.
   *
   * @return the account
   */
  public DevAccount admin() {
    return accounts.get(0);
  }

  /**
   * Returns dev account 1: the impostor attestor of {@code --tamper=attestor}.
   *
   * @return the account
   */
  public DevAccount impostor() {
    return accounts.get(1);
  }

  /**
   * Returns dev account 3: the consumer who queues requests.
   *
   * @return the account
   */
  public DevAccount consumer() {
    return accounts.get(3);
  }

  /**
   * Returns the devnet's KMS contract.
   *
   * @return {@code DstackKms}
   */
  public DstackKms kms() {
    return DstackKms.at(chain, kms);
  }

  /**
   * Deploys and registers the app's DstackApp through the KMS factory: owned by the admin, any
   * device, no compose hash allowed yet. Its address is the app id.
   *
   * @param kms the KMS contract
   * @return the app contract
   */
  public DstackApp deployApp(DstackKms kms) {
    DeployedApp app = kms.deployAndRegisterApp(transactions(admin()),
        AppDeployment.anyDevice(EvmAddress.fromHex(admin().address()), Bytes32.of(new byte[32])));
    return kms.app(app.appId());
  }

  /**
   * The app owner allows a compose hash.
   *
   * @param app the app contract
   * @param composeHash the hash
   * @return the receipt
   */
  public TxReceipt allowComposeHash(DstackApp app, Bytes32 composeHash) {
    return app.addComposeHash(transactions(admin()), composeHash);
  }

  /**
   * Deploys the anchor with the admin and no attestor yet.
   *
   * @return the anchor's address
   */
  public EvmAddress deployAnchor() {
    ContractArtifact consumer = ContractArtifact.fromClasspath(ARTIFACTS + "RollupConsumer.json");
    String data = consumer.bytecode() + FunctionEncoder.encodeConstructor(List.of(new Address(admin().address()),
        new Address("0x0000000000000000000000000000000000000000")));
    TxReceipt receipt = sendRaw(admin(), null, data, BigInteger.ZERO, BigInteger.valueOf(5_000_000));
    if (!receipt.success() || receipt.contractAddress() == null) {
      throw new IllegalStateException("deploying the anchor failed in tx 0x" + receipt.transactionHash().hex());
    }
    return receipt.contractAddress();
  }

  /** The admin grants ATTESTOR_ROLE. */
  public TxReceipt grantAttestor(EvmAddress anchor, EvmAddress account) {
    return send(admin(), anchor, new Function("grantRole",
        List.of(new org.web3j.abi.datatypes.generated.Bytes32(AnchorAbi.ATTESTOR_ROLE), account.toAbi()), List.of()));
  }

  /** The admin sends {@code wei} to an account (the attestor pays its own gas). */
  public TxReceipt fund(EvmAddress to, BigInteger wei) {
    return sendRaw(admin(), to.toString(), "", wei, BigInteger.valueOf(21_000));
  }

  /** The consumer queues a request; returns its id (the queue index). */
  public long request(EvmAddress anchor, byte[] data) {
    TxReceipt receipt = send(consumer(), anchor, new Function("request", List.of(new DynamicBytes(data)), List.of()));
    for (ChainLog log : receipt.logs()) {
      if (log.is(AnchorAbi.MESSAGE_QUEUED)) {
        return ((Uint256) log.decode(AnchorAbi.MESSAGE_QUEUED).get(0)).getValue().longValueExact();
      }
    }
    throw new IllegalStateException("the request transaction emitted no MessageQueued");
  }

  /** Reads the result the consumer stored for a request. */
  public byte[] resultOf(EvmAddress anchor, long requestId, BlockRef at) {
    Function f = new Function("resultOf", List.of(new Uint256(requestId)),
        List.of(new TypeReference<DynamicBytes>() {}));
    return ((DynamicBytes) chain.call(anchor, f, at).get(0)).getValue();
  }

  /** Signs and sends as a dev account. */
  public TransactionManager transactions(DevAccount from) {
    return new RawTransactionManager(chain.web3j(), from.credentials(), chainId);
  }

  /** Sends a call from a dev account. */
  public TxReceipt send(DevAccount from, EvmAddress to, Function f) {
    return chain.transact(transactions(from), to, Hex.decode("calldata", FunctionEncoder.encode(f)), AnchorAbi.ERRORS);
  }

  private TxReceipt sendRaw(DevAccount from, @Nullable String to, String data, BigInteger wei, BigInteger gas) {
    EthSendTransaction sent;
    try {
      sent = transactions(from).sendTransaction(GAS_PRICE, gas, to, data, wei);
    } catch (IOException e) {
      throw new PhalaTransportException("sending from " + from.address() + " failed: " + e.getMessage(), 1, e);
    }
    if (sent.hasError()) {
      throw new IllegalStateException("the node refused a transaction from " + from.address() + ": "
          + sent.getError().getMessage());
    }
    return awaitReceipt(Bytes32.fromHex(sent.getTransactionHash().substring(2)));
  }

  private TxReceipt awaitReceipt(Bytes32 hash) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      Optional<TxReceipt> r = chain.receipt(hash);
      if (r.isPresent()) {
        return r.get();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("no receipt for 0x" + hash.hex());
  }

  @Override
  public void close() {
    chain.close();
  }
}

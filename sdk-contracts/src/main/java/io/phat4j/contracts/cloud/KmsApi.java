package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.core.type.TypeReference;
import io.phat4j.contracts.cloud.internal.CloudHttp;
import io.phat4j.core.AppId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The KMS calls of the Phala Cloud API. Obtain it from {@link PhalaCloudClient#kms()}.
 * Thread-safe.
 *
 * <p>As in the official SDK, each call pins the API version whose shape it reads: the contract
 * calls ({@link #contracts}, {@link #contract}) pin {@code 2026-06-23}; the node-keyed calls
 * ({@link #envEncryptPublicKey}, {@link #list}, {@link #info}) pin {@code 2026-05-22}, the last
 * version where {@code /kms/{id}} names a KMS node.
 */
public final class KmsApi {
  private static final TypeReference<Page<KmsInfo>> KMS_PAGE = new TypeReference<>() {};
  private static final TypeReference<Page<KmsContract>> CONTRACT_PAGE = new TypeReference<>() {};
  private static final ApiVersion NODE_KEYED = ApiVersion.V2026_05_22;
  private static final ApiVersion CONTRACTS = ApiVersion.V2026_06_23;

  private final CloudHttp http;

  KmsApi(CloudHttp http) {
    this.http = http;
  }

  /**
   * Returns an app's env-encrypt public key and the KMS signature over it ({@code GET
   * /kms/{kms}/pubkey/{appId}}). Check the signature before encrypting to the key.
   *
   * @param kms the KMS id or slug, e.g. {@code phala}
   * @param appId the app id
   * @return the key and signature
   */
  public EnvEncryptPublicKey envEncryptPublicKey(String kms, AppId appId) {
    return http.call("GET", "kms", kms, "pubkey", appId.hex())
        .version(NODE_KEYED)
        .read(EnvEncryptPublicKey.class);
  }

  /**
   * Lists one page of KMS contracts ({@code GET /kms}, pinned to API version 2026-06-23). Phala's
   * off-chain KMS appears with {@code contract_address "phala"} and chain {@code 0}.
   *
   * @param page the 1-based page
   * @param pageSize items per page
   * @param onchain only on-chain ({@code true}) or off-chain ({@code false}) ones, or {@code null}
   * @return the page
   */
  public Page<KmsContract> contracts(int page, int pageSize, @Nullable Boolean onchain) {
    CvmsApi.checkPaging(page, pageSize);
    return http.call("GET", "kms")
        .version(CONTRACTS)
        .query("page", page)
        .query("page_size", pageSize)
        .query("is_onchain", onchain)
        .read(CONTRACT_PAGE);
  }

  /**
   * Returns a KMS contract by slug or hashed id ({@code GET /kms/{slug}}, pinned to API version
   * 2026-06-23).
   *
   * @param slugOrId the contract slug, e.g. {@code phala}, or its {@code kc_…} id
   * @return the contract
   */
  public KmsContract contract(String slugOrId) {
    return http.call("GET", "kms", slugOrId).version(CONTRACTS).read(KmsContract.class);
  }

  /**
   * Lists one page of KMS nodes ({@code GET /kms}, pinned to the node-keyed API version
   * 2026-05-22). Prefer {@link #contracts}.
   *
   * @param page the 1-based page
   * @param pageSize items per page
   * @param onchain only on-chain ({@code true}) or off-chain ({@code false}) ones, or {@code null}
   * @return the page
   */
  public Page<KmsInfo> list(int page, int pageSize, @Nullable Boolean onchain) {
    CvmsApi.checkPaging(page, pageSize);
    return http.call("GET", "kms")
        .version(NODE_KEYED)
        .query("page", page)
        .query("page_size", pageSize)
        .query("is_onchain", onchain)
        .read(KMS_PAGE);
  }

  /**
   * Returns a KMS node ({@code GET /kms/{id}}, pinned to the node-keyed API version 2026-05-22).
   * Prefer {@link #contract}.
   *
   * @param kmsId the KMS id or slug
   * @return the KMS
   */
  public KmsInfo info(String kmsId) {
    return http.call("GET", "kms", kmsId).version(NODE_KEYED).read(KmsInfo.class);
  }

  /**
   * Reserves deterministic app ids for the PHALA KMS ({@code GET /kms/phala/next_app_id}).
   *
   * @param count how many, 1 to 20
   * @return the app ids with their nonces
   */
  public List<NextAppId> nextAppIds(int count) {
    if (count < 1 || count > 20) {
      throw new IllegalArgumentException("count must be 1 to 20 but was " + count);
    }
    return http.call("GET", "kms", "phala", "next_app_id")
        .query("counts", count)
        .read(NextAppIds.class)
        .appIds();
  }

  /**
   * Returns what a chain's KMS contracts allow ({@code GET /kms/on-chain/{chain}}).
   *
   * @param chain the chain name or id
   * @return the contracts with their devices and OS images
   */
  public OnChainKms onChainDetail(String chain) {
    return http.call("GET", "kms", "on-chain", chain).read(OnChainKms.class);
  }

  /**
   * A reserved app id.
   *
   * @param appId the app id
   * @param nonce the nonce to provision it with
   */
  public record NextAppId(String appId, long nonce) {}

  record NextAppIds(List<NextAppId> appIds) {
    NextAppIds {
      appIds = appIds == null ? List.of() : List.copyOf(appIds);
    }
  }

  /**
   * A chain's KMS contracts.
   *
   * @param chainName the chain name
   * @param chainId the chain id
   * @param contracts the contracts
   */
  public record OnChainKms(
      @Nullable String chainName, @Nullable Long chainId, List<Contract> contracts) {
    /** Copies the contracts. */
    public OnChainKms {
      contracts = contracts == null ? List.of() : List.copyOf(contracts);
    }

    /**
     * One KMS contract.
     *
     * @param contractAddress its address
     * @param chainId its chain
     * @param chainName its chain name
     * @param devices the devices it knows
     * @param osImages the OS images it knows
     */
    public record Contract(
        @Nullable String contractAddress,
        @Nullable Long chainId,
        @Nullable String chainName,
        List<Device> devices,
        List<Image> osImages) {
      /** Copies the lists. */
      public Contract {
        devices = devices == null ? List.of() : List.copyOf(devices);
        osImages = osImages == null ? List.of() : List.copyOf(osImages);
      }
    }

    /**
     * A device.
     *
     * @param deviceId the device id
     * @param nodeName the node name
     * @param onChainAllowed whether the contract allows it
     */
    public record Device(
        @Nullable String deviceId, @Nullable String nodeName, @Nullable Boolean onChainAllowed) {}

    /**
     * An OS image.
     *
     * @param name the name
     * @param version the version
     * @param osImageHash the hash
     * @param onChainAllowed whether the contract allows it
     */
    public record Image(
        @Nullable String name,
        @Nullable String version,
        @Nullable String osImageHash,
        @Nullable Boolean onChainAllowed) {}
  }
}

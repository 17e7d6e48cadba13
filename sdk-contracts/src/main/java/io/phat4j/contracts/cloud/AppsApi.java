package io.phat4j.contracts.cloud;

import static io.phat4j.contracts.cloud.CvmsApi.putIfPresent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.phat4j.contracts.cloud.internal.CloudHttp;
import io.phat4j.core.AppId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The app calls of the Phala Cloud API: listing, details, instances, revisions, device allowlist,
 * on-chain checks and attestations. Obtain it from {@link PhalaCloudClient#apps()}. Thread-safe.
 */
public final class AppsApi {
  private final CloudHttp http;

  AppsApi(CloudHttp http) {
    this.http = http;
  }

  /**
   * Lists one page of apps ({@code GET /apps}).
   *
   * @param page the 1-based page
   * @param pageSize items per page, at most 100
   * @param search a search term, or {@code null}
   * @return the page
   */
  public AppPage list(int page, int pageSize, @Nullable String search) {
    CvmsApi.checkPaging(page, pageSize);
    return http.call("GET", "apps")
        .query("page", page)
        .query("page_size", pageSize)
        .query("search", search)
        .read(AppPage.class);
  }

  /**
   * Streams every app, fetching pages lazily.
   *
   * @param pageSize items per request
   * @return a lazy sequential stream
   */
  public Stream<AppInfo> listAll(int pageSize) {
    CvmsApi.checkPaging(1, pageSize);
    return CvmsApi.paged(
        p -> {
          AppPage page = list(p, pageSize, null);
          return new Page<>(page.dstackApps(), page.total(), page.page(), page.pageSize(), page.totalPages());
        });
  }

  /**
   * Returns an app ({@code GET /apps/{appId}}).
   *
   * @param appId the app id
   * @return the app
   */
  public AppInfo info(AppId appId) {
    return http.call("GET", "apps", appId.hex()).read(AppInfo.class);
  }

  /**
   * Returns an app's CVMs ({@code GET /apps/{appId}/cvms}).
   *
   * @param appId the app id
   * @return the CVMs
   */
  public List<CvmInfo> cvms(AppId appId) {
    return http.call("GET", "apps", appId.hex(), "cvms").read(new TypeReference<List<CvmInfo>>() {});
  }

  /**
   * Starts another instance of an app ({@code POST /apps/{appId}/instances}). Sent once.
   *
   * @param appId the app id
   * @param request the instance settings
   * @return the new CVM
   */
  public Vm createInstance(AppId appId, InstanceRequest request) {
    return http.call("POST", "apps", appId.hex(), "instances").json(request).read(Vm.class);
  }

  /**
   * Returns which devices an app may run on ({@code GET /apps/{appId}/device-allowlist}).
   *
   * @param appId the app id
   * @return the allowlist
   */
  public DeviceAllowlist deviceAllowlist(AppId appId) {
    return http.call("GET", "apps", appId.hex(), "device-allowlist").read(DeviceAllowlist.class);
  }

  /**
   * Lists an app's revisions ({@code GET /apps/{appId}/revisions}).
   *
   * @param appId the app id
   * @param page the 1-based page
   * @param pageSize items per page
   * @return the revisions
   */
  public Revisions revisions(AppId appId, int page, int pageSize) {
    CvmsApi.checkPaging(page, pageSize);
    return http.call("GET", "apps", appId.hex(), "revisions")
        .query("page", page)
        .query("page_size", pageSize)
        .read(Revisions.class);
  }

  /**
   * Returns one revision with its compose file and encrypted env ({@code GET
   * /apps/{appId}/revisions/{revisionId}}).
   *
   * @param appId the app id
   * @param revisionId the revision
   * @return the revision
   */
  public RevisionDetail revision(AppId appId, String revisionId) {
    return http.call("GET", "apps", appId.hex(), "revisions", revisionId).read(RevisionDetail.class);
  }

  /**
   * Returns the values the app list can be filtered by ({@code GET /apps/filter-options}).
   *
   * @return the options
   */
  public FilterOptions filterOptions() {
    return http.call("GET", "apps", "filter-options").read(FilterOptions.class);
  }

  /**
   * Asks whether an app contract allows a compose hash and device ({@code POST
   * /apps/{appId}/is-allowed}).
   *
   * @param appId the app id
   * @param composeHash the hash
   * @param nodeId the node, or {@code null}
   * @param deviceId the device, or {@code null}
   * @param chainId the chain, or {@code null}
   * @return the answer
   */
  public CvmsApi.IsAllowed isAllowed(
      AppId appId,
      String composeHash,
      @Nullable Long nodeId,
      @Nullable String deviceId,
      @Nullable Long chainId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("compose_hash", composeHash);
    putIfPresent(body, "node_id", nodeId);
    putIfPresent(body, "device_id", deviceId);
    putIfPresent(body, "chain_id", chainId);
    return http.call("POST", "apps", appId.hex(), "is-allowed")
        .json(body)
        .idempotent(true)
        .read(CvmsApi.IsAllowed.class);
  }

  /**
   * Checks every CVM of an app against its contract ({@code POST /apps/{appId}/cvms/is-allowed}).
   *
   * @param appId the app id
   * @return the results
   */
  public CvmsAllowed cvmsAllowed(AppId appId) {
    return http.call("POST", "apps", appId.hex(), "cvms", "is-allowed")
        .json(Map.of())
        .idempotent(true)
        .read(CvmsAllowed.class);
  }

  /**
   * Returns the attestations of every instance of an app ({@code GET /apps/{appId}/attestations}).
   * This endpoint is public: it works without an API key.
   *
   * @param appId the app id
   * @return the attestations
   */
  public AppAttestation attestations(AppId appId) {
    return http.call("GET", "apps", appId.hex(), "attestations").read(AppAttestation.class);
  }

  /**
   * A page of apps.
   *
   * @param dstackApps the apps
   * @param page the page
   * @param pageSize the page size
   * @param total all apps
   * @param totalPages all pages
   */
  public record AppPage(List<AppInfo> dstackApps, int page, int pageSize, long total, int totalPages) {
    /** Copies the apps. */
    public AppPage {
      dstackApps = dstackApps == null ? List.of() : List.copyOf(dstackApps);
    }
  }

  /**
   * An app.
   *
   * @param id the internal id
   * @param name the name
   * @param appId the app id
   * @param appProvisionType how it was provisioned
   * @param appIconUrl its icon
   * @param createdAt creation time
   * @param kmsType the KMS type
   * @param currentCvm the current CVM
   * @param cvms its CVMs
   * @param cvmCount how many CVMs
   */
  public record AppInfo(
      @Nullable String id,
      @Nullable String name,
      @Nullable String appId,
      @Nullable String appProvisionType,
      @Nullable String appIconUrl,
      @Nullable String createdAt,
      @Nullable String kmsType,
      @Nullable CvmInfo currentCvm,
      List<CvmInfo> cvms,
      @Nullable Integer cvmCount) {
    /** Copies the CVMs. */
    public AppInfo {
      cvms = cvms == null ? List.of() : List.copyOf(cvms);
    }
  }

  /**
   * The body of a new app instance. Null fields are not sent.
   *
   * @param nodeId the node
   * @param dockerComposeFile the compose YAML
   * @param preLaunchScript the pre-launch script
   * @param encryptedEnv the encrypted env, hex
   * @param composeHash the compose hash
   * @param token a commit token
   * @param transactionHash a registration transaction
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InstanceRequest(
      @Nullable Long nodeId,
      @Nullable String dockerComposeFile,
      @Nullable String preLaunchScript,
      @Nullable String encryptedEnv,
      @Nullable String composeHash,
      @Nullable String token,
      @Nullable String transactionHash) {}

  /**
   * Which devices an app may run on.
   *
   * @param isOnchainKms whether the app uses an on-chain KMS
   * @param allowAnyDevice whether any device is allowed
   * @param chainId the chain
   * @param appContractAddress the contract
   * @param devices the devices
   */
  public record DeviceAllowlist(
      @Nullable Boolean isOnchainKms,
      @Nullable Boolean allowAnyDevice,
      @Nullable Long chainId,
      @Nullable String appContractAddress,
      List<Device> devices) {
    /** Copies the devices. */
    public DeviceAllowlist {
      devices = devices == null ? List.of() : List.copyOf(devices);
    }
  }

  /**
   * A device on an allowlist.
   *
   * @param deviceId the device
   * @param nodeName its node
   * @param cvmIds CVMs on it
   * @param allowedOnchain whether the contract allows it
   * @param status its status
   */
  public record Device(
      @Nullable String deviceId,
      @Nullable String nodeName,
      List<Long> cvmIds,
      @Nullable Boolean allowedOnchain,
      @Nullable String status) {
    /** Copies the CVM ids. */
    public Device {
      cvmIds = cvmIds == null ? List.of() : List.copyOf(cvmIds);
    }
  }

  /**
   * A page of revisions.
   *
   * @param revisions the revisions
   * @param total all revisions
   * @param page the page
   * @param pageSize the page size
   * @param totalPages all pages
   */
  public record Revisions(List<Revision> revisions, long total, int page, int pageSize, int totalPages) {
    /** Copies the revisions. */
    public Revisions {
      revisions = revisions == null ? List.of() : List.copyOf(revisions);
    }
  }

  /**
   * A revision: one compose hash an app ran.
   *
   * @param revisionId the revision
   * @param appId the app
   * @param vmUuid the CVM
   * @param composeHash the compose hash
   * @param createdAt when
   * @param operationType what made it
   */
  public record Revision(
      @Nullable String revisionId,
      @Nullable String appId,
      @Nullable String vmUuid,
      @Nullable String composeHash,
      @Nullable String createdAt,
      @Nullable String operationType) {}

  /**
   * A revision with its content.
   *
   * @param revisionId the revision
   * @param appId the app
   * @param vmUuid the CVM
   * @param composeHash the compose hash
   * @param encryptedEnv the encrypted env, hex
   * @param userConfig the user config
   * @param createdAt when
   * @param operationType what made it
   */
  public record RevisionDetail(
      @Nullable String revisionId,
      @Nullable String appId,
      @Nullable String vmUuid,
      @Nullable String composeHash,
      @Nullable String encryptedEnv,
      @Nullable String userConfig,
      @Nullable String createdAt,
      @Nullable String operationType) {}

  /**
   * Values the app list can be filtered by.
   *
   * @param statuses statuses
   * @param imageVersions image versions
   * @param instanceTypes instance types
   * @param kmsSlugs KMS slugs
   * @param kmsTypes KMS types
   * @param regions regions
   * @param nodes nodes
   */
  public record FilterOptions(
      List<String> statuses,
      List<String> imageVersions,
      List<String> instanceTypes,
      List<String> kmsSlugs,
      List<String> kmsTypes,
      List<String> regions,
      List<String> nodes) {
    /** Copies the lists. */
    public FilterOptions {
      statuses = copy(statuses);
      imageVersions = copy(imageVersions);
      instanceTypes = copy(instanceTypes);
      kmsSlugs = copy(kmsSlugs);
      kmsTypes = copy(kmsTypes);
      regions = copy(regions);
      nodes = copy(nodes);
    }
  }

  /**
   * Results of checking every CVM of an app against its contract.
   *
   * @param isOnchain whether the app is on chain
   * @param results one result per CVM
   * @param total CVMs checked
   * @param allowedCount allowed
   * @param deniedCount denied
   * @param errorCount failed to check
   * @param skippedCvmIds not checked
   */
  public record CvmsAllowed(
      @Nullable Boolean isOnchain,
      List<CvmsApi.IsAllowed> results,
      int total,
      int allowedCount,
      int deniedCount,
      int errorCount,
      List<String> skippedCvmIds) {
    /** Copies the lists. */
    public CvmsAllowed {
      results = results == null ? List.of() : List.copyOf(results);
      skippedCvmIds = copy(skippedCvmIds);
    }
  }

  static List<String> copy(@Nullable List<String> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}

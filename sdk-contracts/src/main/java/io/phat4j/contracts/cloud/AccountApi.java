package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.contracts.cloud.internal.CloudHttp;
import io.phat4j.core.json.PhalaJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The account-level calls of the Phala Cloud API: current user, workspaces, nodes, instance
 * types, OS images and SSH keys. Obtain it from {@link PhalaCloudClient#account()}. Thread-safe.
 */
public final class AccountApi {
  private static final TypeReference<Page<CvmInfo.NodeInfo>> NODE_PAGE = new TypeReference<>() {};
  private static final TypeReference<Page<OsImage>> IMAGE_PAGE = new TypeReference<>() {};

  private final CloudHttp http;
  private final ApiVersion version;

  AccountApi(CloudHttp http, ApiVersion version) {
    this.http = http;
    this.version = version;
  }

  /**
   * Returns the user the API key belongs to ({@code GET /auth/me}). With API version 2025-10-28
   * the flat answer is mapped onto the same record.
   *
   * @return the user, workspace and credits
   */
  public CurrentUser currentUser() {
    JsonNode node = http.call("GET", "auth", "me").read(JsonNode.class);
    if (version == ApiVersion.V2025_10_28 || !node.has("user")) {
      return new CurrentUser(
          new CurrentUser.User(
              text(node, "username"), text(node, "email"), null, text(node, "avatar"), null, null),
          new CurrentUser.Workspace(null, text(node, "team_name"), null, text(node, "team_tier"), null),
          new CurrentUser.Credits(text(node, "credits"), text(node, "granted_credits"), null, null));
    }
    return PhalaJson.convert("GET /auth/me", node, CurrentUser.class);
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * Returns the nodes the account can deploy to, with their OS images and KMS ({@code GET
   * /teepods/available}).
   *
   * @return the nodes
   */
  public AvailableNodes availableNodes() {
    return http.call("GET", "teepods", "available").read(AvailableNodes.class);
  }

  /**
   * Lists every instance type grouped by family ({@code GET /instance-types}).
   *
   * @return the families
   */
  public List<InstanceTypeFamily> instanceTypeFamilies() {
    return http.call("GET", "instance-types").read(Families.class).result();
  }

  /**
   * Lists the instance types of a family ({@code GET /instance-types/{family}}).
   *
   * @param family e.g. {@code cpu}
   * @return the instance types
   */
  public List<InstanceType> instanceTypes(String family) {
    return http.call("GET", "instance-types", family).read(InstanceTypeFamily.class).items();
  }

  /**
   * Lists workspaces ({@code GET /workspaces}), cursor-paged.
   *
   * @param cursor the cursor from the previous page, or {@code null} for the first
   * @param limit how many, or {@code null} for the server default
   * @return one page of workspaces
   */
  public Workspaces workspaces(@Nullable String cursor, @Nullable Integer limit) {
    return http.call("GET", "workspaces").query("cursor", cursor).query("limit", limit).read(Workspaces.class);
  }

  /**
   * Returns a workspace ({@code GET /workspaces/{slug}}).
   *
   * @param slug the workspace slug
   * @return the workspace
   */
  public Workspace workspace(String slug) {
    return http.call("GET", "workspaces", slug).read(Workspace.class);
  }

  /**
   * Lists a workspace's nodes ({@code GET /workspaces/{slug}/nodes}).
   *
   * @param slug the workspace slug
   * @param page the 1-based page
   * @param pageSize items per page
   * @return the nodes
   */
  public Page<CvmInfo.NodeInfo> workspaceNodes(String slug, int page, int pageSize) {
    CvmsApi.checkPaging(page, pageSize);
    return http.call("GET", "workspaces", slug, "nodes")
        .query("page", page)
        .query("page_size", pageSize)
        .read(NODE_PAGE);
  }

  /**
   * Returns a workspace's quotas ({@code GET /workspaces/{slug}/quotas}).
   *
   * @param slug the workspace slug
   * @return the quotas
   */
  public Quotas workspaceQuotas(String slug) {
    return http.call("GET", "workspaces", slug, "quotas").read(Quotas.class);
  }

  /**
   * Lists OS images ({@code GET /os-images}).
   *
   * @param page the 1-based page
   * @param pageSize items per page
   * @param dev only dev ({@code true}) or production ({@code false}) images, or {@code null}
   * @return the images
   */
  public Page<OsImage> osImages(int page, int pageSize, @Nullable Boolean dev) {
    CvmsApi.checkPaging(page, pageSize);
    return http.call("GET", "os-images")
        .query("page", page)
        .query("page_size", pageSize)
        .query("is_dev", dev)
        .read(IMAGE_PAGE);
  }

  /**
   * Lists the user's SSH keys ({@code GET /user/ssh-keys}).
   *
   * @return the keys
   */
  public List<SshKey> sshKeys() {
    return http.call("GET", "user", "ssh-keys").read(new TypeReference<List<SshKey>>() {});
  }

  /**
   * Adds an SSH key ({@code POST /user/ssh-keys}).
   *
   * @param name a label
   * @param publicKey the OpenSSH public key line
   * @return the stored key
   */
  public SshKey createSshKey(String name, String publicKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", Objects.requireNonNull(name, "name"));
    body.put("public_key", Objects.requireNonNull(publicKey, "publicKey"));
    return http.call("POST", "user", "ssh-keys").json(body).read(SshKey.class);
  }

  /**
   * Removes an SSH key ({@code DELETE /user/ssh-keys/{id}}).
   *
   * @param id the key id
   */
  public void deleteSshKey(String id) {
    http.call("DELETE", "user", "ssh-keys", id).send();
  }

  /**
   * Imports the public keys of a GitHub user ({@code POST /user/ssh-keys/github-profile}).
   *
   * @param githubUsername the GitHub user
   * @return how many were added
   */
  public GithubImport importGithubSshKeys(String githubUsername) {
    return http.call("POST", "user", "ssh-keys", "github-profile")
        .json(Map.of("github_username", Objects.requireNonNull(githubUsername, "githubUsername")))
        .read(GithubImport.class);
  }

  /**
   * Re-syncs keys imported from GitHub ({@code POST /user/ssh-keys/github-sync}).
   *
   * @return what changed
   */
  public GithubSync syncGithubSshKeys() {
    return http.call("POST", "user", "ssh-keys", "github-sync").json(Map.of()).read(GithubSync.class);
  }

  /**
   * The user behind the API key.
   *
   * @param user the user
   * @param workspace the current workspace
   * @param credits the balance
   */
  public record CurrentUser(@Nullable User user, @Nullable Workspace workspace, @Nullable Credits credits) {
    /**
     * A user.
     *
     * @param username user name
     * @param email email
     * @param role role
     * @param avatar avatar URL
     * @param emailVerified whether the email is verified
     * @param totpEnabled whether TOTP is on
     */
    public record User(
        @Nullable String username,
        @Nullable String email,
        @Nullable String role,
        @Nullable String avatar,
        @Nullable Boolean emailVerified,
        @Nullable Boolean totpEnabled) {}

    /**
     * The current workspace.
     *
     * @param id id
     * @param name name
     * @param slug slug
     * @param tier tier
     * @param role the user's role
     */
    public record Workspace(
        @Nullable String id, @Nullable String name, @Nullable String slug, @Nullable String tier, @Nullable String role) {}

    /**
     * The balance, as decimal text.
     *
     * @param balance balance
     * @param grantedBalance granted balance
     * @param isPostPaid whether post-paid
     * @param outstandingAmount outstanding amount
     */
    public record Credits(
        @Nullable String balance,
        @Nullable String grantedBalance,
        @Nullable Boolean isPostPaid,
        @Nullable String outstandingAmount) {}
  }

  /**
   * Nodes available to the account.
   *
   * @param tier the account tier
   * @param capacity the account's limits
   * @param nodes the nodes
   * @param kmsList the KMS instances
   */
  public record AvailableNodes(
      @Nullable String tier, @Nullable Capacity capacity, List<NodeCapacity> nodes, List<KmsInfo> kmsList) {
    /** Copies the lists. */
    public AvailableNodes {
      nodes = nodes == null ? List.of() : List.copyOf(nodes);
      kmsList = kmsList == null ? List.of() : List.copyOf(kmsList);
    }
  }

  /**
   * Account limits.
   *
   * @param maxInstances CVMs
   * @param maxVcpu vCPUs
   * @param maxMemory memory
   * @param maxDisk disk
   */
  public record Capacity(
      @Nullable Long maxInstances, @Nullable Long maxVcpu, @Nullable Long maxMemory, @Nullable Long maxDisk) {}

  /**
   * A node with free capacity.
   *
   * @param teepodId the node id
   * @param name the name
   * @param listed whether listed
   * @param resourceScore a load score
   * @param remainingVcpu free vCPUs
   * @param remainingMemory free memory
   * @param remainingCvmSlots free CVM slots
   * @param images its OS images
   * @param supportOnchainKms whether on-chain KMS works there
   * @param fmspc its FMSPC
   * @param deviceId its device id
   * @param regionIdentifier its region
   * @param defaultKms its default KMS
   * @param kmsList KMS ids usable there
   */
  public record NodeCapacity(
      @Nullable String teepodId,
      @Nullable String name,
      @Nullable Boolean listed,
      @Nullable Double resourceScore,
      @Nullable Double remainingVcpu,
      @Nullable Double remainingMemory,
      @Nullable Double remainingCvmSlots,
      List<NodeImage> images,
      @Nullable Boolean supportOnchainKms,
      @Nullable String fmspc,
      @Nullable String deviceId,
      @Nullable String regionIdentifier,
      @Nullable String defaultKms,
      List<String> kmsList) {
    /** Copies the lists. */
    public NodeCapacity {
      images = images == null ? List.of() : List.copyOf(images);
      kmsList = AppsApi.copy(kmsList);
    }
  }

  /**
   * An OS image on a node.
   *
   * @param name the name
   * @param isDev whether a dev image
   * @param version the version numbers
   * @param osImageHash the hash
   */
  public record NodeImage(
      @Nullable String name, @Nullable Boolean isDev, List<Integer> version, @Nullable String osImageHash) {
    /** Copies the version. */
    public NodeImage {
      version = version == null ? List.of() : List.copyOf(version);
    }
  }

  record Families(List<InstanceTypeFamily> result) {
    Families {
      result = result == null ? List.of() : List.copyOf(result);
    }
  }

  /**
   * An instance type family.
   *
   * @param name the family (from the list call)
   * @param family the family (from the per-family call)
   * @param items its instance types
   * @param total how many
   */
  public record InstanceTypeFamily(
      @Nullable String name, @Nullable String family, List<InstanceType> items, int total) {
    /** Copies the items. */
    public InstanceTypeFamily {
      items = items == null ? List.of() : List.copyOf(items);
    }
  }

  /**
   * An instance type.
   *
   * @param id e.g. {@code tdx.small}
   * @param name display name
   * @param description description
   * @param vcpu vCPUs
   * @param memoryMb memory
   * @param hourlyRate price per hour, decimal text
   * @param requiresGpu whether it has GPUs
   * @param defaultDiskSizeGb default disk
   * @param family its family
   */
  public record InstanceType(
      String id,
      @Nullable String name,
      @Nullable String description,
      @Nullable Integer vcpu,
      @Nullable Long memoryMb,
      @Nullable String hourlyRate,
      @Nullable Boolean requiresGpu,
      @Nullable Integer defaultDiskSizeGb,
      @Nullable String family) {}

  /**
   * One page of workspaces.
   *
   * @param data the workspaces
   * @param pagination the cursor
   */
  public record Workspaces(List<Workspace> data, @Nullable Pagination pagination) {
    /** Copies the workspaces. */
    public Workspaces {
      data = data == null ? List.of() : List.copyOf(data);
    }
  }

  /**
   * A cursor position.
   *
   * @param hasMore whether more pages follow
   * @param nextCursor the cursor for the next page
   * @param total all items, if known
   */
  public record Pagination(@Nullable Boolean hasMore, @Nullable String nextCursor, @Nullable Long total) {}

  /**
   * A workspace.
   *
   * @param id id
   * @param name name
   * @param slug slug
   * @param tier tier
   * @param role the user's role
   * @param isDefault whether it is the default
   * @param createdAt creation time
   */
  public record Workspace(
      @Nullable String id,
      @Nullable String name,
      @Nullable String slug,
      @Nullable String tier,
      @Nullable String role,
      @Nullable Boolean isDefault,
      @Nullable String createdAt) {}

  /**
   * A workspace's quotas.
   *
   * @param teamSlug the workspace
   * @param tier its tier
   * @param quotas the limits
   * @param asOf when measured
   */
  public record Quotas(
      @Nullable String teamSlug, @Nullable String tier, @Nullable QuotaSet quotas, @Nullable String asOf) {}

  /**
   * Quota limits.
   *
   * @param vmSlots CVM slots
   * @param vcpu vCPUs
   * @param memoryMb memory
   * @param diskGb disk
   */
  public record QuotaSet(
      @Nullable Quota vmSlots, @Nullable Quota vcpu, @Nullable Quota memoryMb, @Nullable Quota diskGb) {}

  /**
   * One quota.
   *
   * @param limit the limit
   * @param remaining what is left
   */
  public record Quota(@Nullable Double limit, @Nullable Double remaining) {}

  /**
   * An OS image.
   *
   * @param name name
   * @param slug slug
   * @param version version
   * @param osImageHash hash
   * @param isDev whether a dev image
   * @param requiresGpu whether it needs a GPU
   */
  public record OsImage(
      @Nullable String name,
      @Nullable String slug,
      @Nullable String version,
      @Nullable String osImageHash,
      @Nullable Boolean isDev,
      @Nullable Boolean requiresGpu) {}

  /**
   * A stored SSH key.
   *
   * @param id id
   * @param userId owner
   * @param name label
   * @param publicKey the key line
   * @param fingerprint fingerprint
   * @param keyType e.g. {@code ssh-ed25519}
   * @param source {@code manual} or {@code github}
   * @param lastSyncedAt last GitHub sync
   * @param createdAt creation time
   * @param updatedAt update time
   */
  public record SshKey(
      String id,
      @Nullable String userId,
      @Nullable String name,
      @Nullable String publicKey,
      @Nullable String fingerprint,
      @Nullable String keyType,
      @Nullable String source,
      @Nullable String lastSyncedAt,
      @Nullable String createdAt,
      @Nullable String updatedAt) {}

  /**
   * The result of a GitHub key import.
   *
   * @param githubUsername the GitHub user
   * @param keysAdded keys added
   * @param keysSkipped keys already present
   * @param errors problems
   */
  public record GithubImport(String githubUsername, int keysAdded, int keysSkipped, List<String> errors) {
    /** Copies the errors. */
    public GithubImport {
      errors = AppsApi.copy(errors);
    }
  }

  /**
   * The result of a GitHub key sync.
   *
   * @param syncedCount keys synced
   * @param keysAdded added
   * @param keysUpdated updated
   * @param keysRemoved removed
   * @param errors problems
   */
  public record GithubSync(int syncedCount, int keysAdded, int keysUpdated, int keysRemoved, List<String> errors) {
    /** Copies the errors. */
    public GithubSync {
      errors = AppsApi.copy(errors);
    }
  }
}

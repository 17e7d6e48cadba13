package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.contracts.cloud.internal.CloudHttp;
import io.phat4j.contracts.cloud.internal.SseEvents;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The CVM calls of the Phala Cloud API: deploy phases, lifecycle, updates, state, attestation and
 * diagnostics. Obtain it from {@link PhalaCloudClient#cvms()}. Thread-safe.
 *
 * <p>Reads and provisioning calls may be retried by the transport. Writes (commit, PATCH, start,
 * stop, delete, …) are sent once: after an ambiguous failure a {@link
 * io.phat4j.core.PhalaTransportException} reaches the caller, who should check state before
 * repeating. {@link PhalaCloudClient#deploy} does that check itself.
 */
public final class CvmsApi {
  private static final TypeReference<Page<CvmInfo>> CVM_PAGE = new TypeReference<>() {};

  private final CloudHttp http;

  CvmsApi(CloudHttp http) {
    this.http = http;
  }

  /**
   * Lists one page of CVMs ({@code GET /cvms/paginated}).
   *
   * @param page the 1-based page
   * @param pageSize items per page
   * @return the page
   */
  public Page<CvmInfo> list(int page, int pageSize) {
    checkPaging(page, pageSize);
    // No node_id / teepod_id / user_id filters: the API dropped them and the SDK rejects them.
    return http.call("GET", "cvms", "paginated")
        .query("page", page)
        .query("page_size", pageSize)
        .read(CVM_PAGE);
  }

  /**
   * Streams every CVM, fetching pages lazily as the stream is consumed.
   *
   * @param pageSize items per request
   * @return a lazy sequential stream
   */
  public Stream<CvmInfo> listAll(int pageSize) {
    checkPaging(1, pageSize);
    return paged(page -> list(page, pageSize));
  }

  static <T> Stream<T> paged(java.util.function.IntFunction<Page<T>> fetch) {
    Iterator<T> it =
        new Iterator<>() {
          private int next = 1;
          private Iterator<T> current = List.<T>of().iterator();
          private boolean last;

          @Override
          public boolean hasNext() {
            while (!current.hasNext() && !last) {
              Page<T> page = fetch.apply(next);
              current = page.items().iterator();
              last = page.items().isEmpty() || next >= page.pages();
              next++;
            }
            return current.hasNext();
          }

          @Override
          public T next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return current.next();
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  static void checkPaging(int page, int pageSize) {
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1 but was " + page);
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("pageSize must be 1 to 100 but was " + pageSize);
    }
  }

  /**
   * Returns a CVM's details ({@code GET /cvms/{id}}).
   *
   * @param cvm the CVM
   * @return the details
   * @throws CloudNotFoundException if there is no such CVM
   */
  public CvmInfo info(CvmId cvm) {
    return http.call("GET", "cvms", cvm.value()).read(CvmInfo.class);
  }

  /**
   * Provisions a deploy ({@code POST /cvms/provision}): the server computes the compose hash and,
   * for the PHALA KMS, the app id and env key. Nothing is created yet, so this is retried safely.
   *
   * @param request what to deploy
   * @return the provision
   */
  public Provision provision(ProvisionRequest request) {
    return http.call("POST", "cvms", "provision").json(request).idempotent(true).read(Provision.class);
  }

  /**
   * Creates the CVM from a provision ({@code POST /cvms}). Sent once, never retried.
   *
   * @param request the app id, compose hash and encrypted env
   * @return the new CVM, or the on-chain registration needed first (HTTP 465)
   */
  public Outcome<Vm> commit(CommitRequest request) {
    return http.call("POST", "cvms").json(request).idempotent(false).readOutcome(Vm.class, emptyVm());
  }

  /**
   * Returns a CVM's app-compose document ({@code GET /cvms/{id}/compose_file}).
   *
   * @param cvm the CVM
   * @return the document
   */
  public CvmComposeFile composeFile(CvmId cvm) {
    JsonNode node = http.call("GET", "cvms", cvm.value(), "compose_file").read(JsonNode.class);
    return CvmComposeFile.of(node);
  }

  /**
   * Provisions a compose update ({@code POST /cvms/{id}/compose_file/provision}); nothing changes
   * until {@link #commitComposeUpdate}.
   *
   * @param cvm the CVM
   * @param compose the complete new app-compose document
   * @param updateEnvVars whether the commit will also replace the env, or {@code null}
   * @return the new compose hash
   */
  public ComposeUpdateProvision provisionComposeUpdate(
      CvmId cvm, CvmComposeFile compose, @Nullable Boolean updateEnvVars) {
    ObjectNode body = compose.tree();
    if (updateEnvVars != null) {
      body.put("update_env_vars", updateEnvVars);
    }
    return http.call("POST", "cvms", cvm.value(), "compose_file", "provision")
        .json(body)
        .idempotent(true)
        .read(ComposeUpdateProvision.class);
  }

  /**
   * Commits a provisioned compose update ({@code PATCH /cvms/{id}/compose_file}).
   *
   * @param cvm the CVM
   * @param commit the compose hash and optional new env
   * @return accepted, or the on-chain registration needed first (HTTP 465)
   */
  public Outcome<UpdateAccepted> commitComposeUpdate(CvmId cvm, ComposeUpdateCommit commit) {
    return http.call("PATCH", "cvms", cvm.value(), "compose_file")
        .json(commit)
        .readOutcome(UpdateAccepted.class, emptyAccepted());
  }

  /**
   * Replaces a CVM's encrypted env ({@code PATCH /cvms/{id}/envs}).
   *
   * @param cvm the CVM
   * @param request the new encrypted env
   * @return accepted, or the on-chain registration needed first (HTTP 465)
   */
  public Outcome<UpdateAccepted> updateEnvs(CvmId cvm, EnvUpdateRequest request) {
    return http.call("PATCH", "cvms", cvm.value(), "envs")
        .json(request)
        .readOutcome(UpdateAccepted.class, emptyAccepted());
  }

  /**
   * Replaces a CVM's docker-compose YAML ({@code PATCH /cvms/{id}/docker-compose}).
   *
   * @param cvm the CVM
   * @param yaml the YAML, sent as {@code text/yaml}
   * @param composeHash the registered compose hash when repeating after a 465, or {@code null}
   * @param transactionHash the registration transaction when repeating after a 465, or {@code
   *     null}
   * @return accepted, or the on-chain registration needed first (HTTP 465)
   */
  public Outcome<UpdateAccepted> updateDockerCompose(
      CvmId cvm, String yaml, @Nullable String composeHash, @Nullable String transactionHash) {
    return http.call("PATCH", "cvms", cvm.value(), "docker-compose")
        .text(yaml, "text/yaml")
        .header("X-Compose-Hash", composeHash)
        .header("X-Transaction-Hash", transactionHash)
        .readOutcome(UpdateAccepted.class, emptyAccepted());
  }

  /**
   * Replaces a CVM's pre-launch script ({@code PATCH /cvms/{id}/pre-launch-script}).
   *
   * @param cvm the CVM
   * @param script the script, sent as {@code text/plain}
   * @param composeHash the registered compose hash when repeating after a 465, or {@code null}
   * @param transactionHash the registration transaction when repeating after a 465, or {@code
   *     null}
   * @return accepted, or the on-chain registration needed first (HTTP 465)
   */
  public Outcome<UpdateAccepted> updatePreLaunchScript(
      CvmId cvm, String script, @Nullable String composeHash, @Nullable String transactionHash) {
    return http.call("PATCH", "cvms", cvm.value(), "pre-launch-script")
        .text(script, "text/plain")
        .header("X-Compose-Hash", composeHash)
        .header("X-Transaction-Hash", transactionHash)
        .readOutcome(UpdateAccepted.class, emptyAccepted());
  }

  /**
   * Returns a CVM's pre-launch script ({@code GET /cvms/{id}/pre-launch-script}).
   *
   * @param cvm the CVM
   * @return the script text
   */
  public String preLaunchScript(CvmId cvm) {
    return unquote(http.call("GET", "cvms", cvm.value(), "pre-launch-script").readText());
  }

  /**
   * Returns a CVM's docker-compose YAML ({@code GET /cvms/{id}/docker-compose.yml}).
   *
   * @param cvm the CVM
   * @return the YAML
   */
  public String dockerCompose(CvmId cvm) {
    return http.call("GET", "cvms", cvm.value(), "docker-compose.yml")
        .header("Accept", "text/yaml, text/plain, */*")
        .readText();
  }

  /**
   * Patches a CVM's configuration ({@code PATCH /cvms/{id}}).
   *
   * @param cvm the CVM
   * @param patch the fields to change
   * @param prepareOnly send {@code X-Prepare-Only: true} to get a commit token without applying
   *     (multisig flows)
   * @return accepted, or the on-chain registration needed first (HTTP 465) with a commit token
   */
  public Outcome<UpdateAccepted> patch(CvmId cvm, CvmPatch patch, boolean prepareOnly) {
    return http.call("PATCH", "cvms", cvm.value())
        .json(patch)
        .header("X-Prepare-Only", prepareOnly ? "true" : null)
        .sensitive()
        .readOutcome(UpdateAccepted.class, emptyAccepted());
  }

  /**
   * Confirms a patch after the compose hash was registered on chain ({@code PATCH /cvms/{id}} with
   * an empty body).
   *
   * @param cvm the CVM
   * @param composeHash the registered compose hash
   * @param transactionHash the registration transaction
   * @return the accepted operation
   */
  public UpdateAccepted confirmPatch(CvmId cvm, String composeHash, String transactionHash) {
    return http.call("PATCH", "cvms", cvm.value())
        .json(Map.of())
        .header("X-Compose-Hash", Objects.requireNonNull(composeHash, "composeHash"))
        .header("X-Transaction-Hash", Objects.requireNonNull(transactionHash, "transactionHash"))
        .read(UpdateAccepted.class);
  }

  /**
   * Commits a prepared update with its token ({@code POST /cvms/{id}/commit-update}).
   *
   * @param cvm the CVM
   * @param token the commit token from the 465 answer
   * @param composeHash the registered compose hash
   * @param transactionHash the registration transaction
   * @return the accepted operation
   */
  public UpdateAccepted commitUpdate(
      CvmId cvm, String token, String composeHash, String transactionHash) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("token", Objects.requireNonNull(token, "token"));
    body.put("compose_hash", Objects.requireNonNull(composeHash, "composeHash"));
    body.put("transaction_hash", Objects.requireNonNull(transactionHash, "transactionHash"));
    return http.call("POST", "cvms", cvm.value(), "commit-update")
        .json(body)
        .sensitive()
        .read(UpdateAccepted.class);
  }

  /**
   * Starts a stopped CVM ({@code POST /cvms/{id}/start}).
   *
   * @param cvm the CVM
   * @return the CVM
   */
  public Vm start(CvmId cvm) {
    return http.call("POST", "cvms", cvm.value(), "start").read(Vm.class);
  }

  /**
   * Stops a CVM at once ({@code POST /cvms/{id}/stop}).
   *
   * @param cvm the CVM
   * @return the CVM
   */
  public Vm stop(CvmId cvm) {
    return http.call("POST", "cvms", cvm.value(), "stop").read(Vm.class);
  }

  /**
   * Shuts a CVM down gracefully ({@code POST /cvms/{id}/shutdown}).
   *
   * @param cvm the CVM
   * @return the CVM
   */
  public Vm shutdown(CvmId cvm) {
    return http.call("POST", "cvms", cvm.value(), "shutdown").read(Vm.class);
  }

  /**
   * Restarts a CVM ({@code POST /cvms/{id}/restart}).
   *
   * @param cvm the CVM
   * @param force restart even if a graceful shutdown does not finish
   * @return the CVM
   */
  public Vm restart(CvmId cvm, boolean force) {
    return http.call("POST", "cvms", cvm.value(), "restart")
        .json(Map.of("force", force))
        .read(Vm.class);
  }

  /**
   * Deletes a CVM ({@code DELETE /cvms/{id}}).
   *
   * @param cvm the CVM
   */
  public void delete(CvmId cvm) {
    http.call("DELETE", "cvms", cvm.value()).send();
  }

  /**
   * Starts another instance of a CVM's app ({@code POST /cvms/{id}/replicas}).
   *
   * @param cvm the CVM
   * @param nodeId the node for the replica, or {@code null} to let the server choose
   * @return the replica
   */
  public Vm replicate(CvmId cvm, @Nullable Long nodeId) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (nodeId != null) {
      body.put("node_id", nodeId);
    }
    return http.call("POST", "cvms", cvm.value(), "replicas").json(body).read(Vm.class);
  }

  /**
   * Returns a CVM's lifecycle state ({@code GET /cvms/{id}/state}).
   *
   * @param cvm the CVM
   * @return the state
   */
  public CvmState state(CvmId cvm) {
    return http.call("GET", "cvms", cvm.value(), "state").read(CvmState.class);
  }

  /**
   * Watches a CVM's state over Server-Sent Events ({@code GET /cvms/{id}/state} with {@code
   * Accept: text/event-stream}) until {@code until} accepts a state or the stream ends (a {@code
   * complete}, {@code timeout} or {@code error} event, or end of body).
   *
   * @param cvm the CVM
   * @param target the status the server should wait for
   * @param interval the server's check interval, 5 to 30 s
   * @param timeout the server-side and client-side limit, 10 to 600 s
   * @param until called on each state; return {@code true} to stop watching
   * @return the state that stopped the watch, or {@code null} if the stream ended first
   * @throws io.phat4j.core.PhalaTransportException if the stream breaks or times out
   */
  public @Nullable CvmState watchState(
      CvmId cvm, String target, Duration interval, Duration timeout, Predicate<CvmState> until) {
    long intervalSeconds = Math.clamp(interval.toSeconds(), 5, 30);
    long timeoutSeconds = Math.clamp(timeout.toSeconds(), 10, 600);
    CvmState[] last = new CvmState[1];
    // Event types as the server sends them: "state" carries a state, "complete" ends the watch
    // (possibly with the final state), "timeout" and "error" end it without one.
    SseEvents events =
        new SseEvents(
            (name, data) -> {
              String type = name == null ? "state" : name;
              if (type.equals("timeout") || type.equals("error")) {
                return false;
              }
              if (!type.equals("state") && !type.equals("complete")) {
                return true;
              }
              JsonNode node = data.isBlank() ? null : PhalaJson.readTree("CVM state event", data);
              if (node != null && node.isObject() && node.has("status")) {
                CvmState state = PhalaJson.convert("CVM state event", node, CvmState.class);
                if (until.test(state)) {
                  last[0] = state;
                  return false;
                }
              }
              return !type.equals("complete");
            });
    http.call("GET", "cvms", cvm.value(), "state")
        .query("target", target)
        .query("interval", intervalSeconds)
        .query("timeout", timeoutSeconds)
        .header("Accept", "text/event-stream")
        .callTimeout(Duration.ofSeconds(timeoutSeconds + 30))
        .stream(events);
    if (last[0] == null) {
      events.finish();
    }
    return last[0];
  }

  /**
   * Returns a CVM's attestation ({@code GET /cvms/{id}/attestation}).
   *
   * @param cvm the CVM
   * @return the certificates, quotes and TCB info
   */
  public CvmAttestation attestation(CvmId cvm) {
    return http.call("GET", "cvms", cvm.value(), "attestation").read(CvmAttestation.class);
  }

  /**
   * Returns a CVM's system info ({@code GET /cvms/{id}/stats}).
   *
   * @param cvm the CVM
   * @return the stats
   */
  public CvmStats stats(CvmId cvm) {
    return http.call("GET", "cvms", cvm.value(), "stats").read(CvmStats.class);
  }

  /**
   * Returns a CVM's network info ({@code GET /cvms/{id}/network}).
   *
   * @param cvm the CVM
   * @return the network info
   */
  public CvmNetwork network(CvmId cvm) {
    return http.call("GET", "cvms", cvm.value(), "network").read(CvmNetwork.class);
  }

  /**
   * Returns a CVM's containers ({@code GET /cvms/{id}/composition}).
   *
   * @param cvm the CVM
   * @return the containers
   */
  public CvmComposition containers(CvmId cvm) {
    return http.call("GET", "cvms", cvm.value(), "composition").read(CvmComposition.class);
  }

  /**
   * Changes a CVM's resources ({@code PATCH /cvms/{id}/resources}).
   *
   * @param cvm the CVM
   * @param vcpu new vCPUs, or {@code null}
   * @param memoryMb new memory in MB, or {@code null}
   * @param diskSizeGb new disk in GB, or {@code null}
   * @param instanceType new instance type, or {@code null}
   * @param allowRestart whether the CVM may restart to apply it, or {@code null}
   */
  public void updateResources(
      CvmId cvm,
      @Nullable Integer vcpu,
      @Nullable Integer memoryMb,
      @Nullable Integer diskSizeGb,
      @Nullable String instanceType,
      @Nullable Boolean allowRestart) {
    Map<String, Object> body = new LinkedHashMap<>();
    putIfPresent(body, "vcpu", vcpu);
    putIfPresent(body, "memory", memoryMb);
    putIfPresent(body, "disk_size", diskSizeGb);
    putIfPresent(body, "instance_type", instanceType);
    putIfPresent(body, "allow_restart", allowRestart);
    http.call("PATCH", "cvms", cvm.value(), "resources").json(body).send();
  }

  /**
   * Changes what a CVM makes public ({@code PATCH /cvms/{id}/visibility}).
   *
   * @param cvm the CVM
   * @param publicSysinfo whether system info is public
   * @param publicLogs whether logs are public
   * @param publicTcbinfo whether TCB info is public, or {@code null} to leave it
   * @return the CVM details after the change
   */
  public CvmInfo updateVisibility(
      CvmId cvm, boolean publicSysinfo, boolean publicLogs, @Nullable Boolean publicTcbinfo) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("public_sysinfo", publicSysinfo);
    body.put("public_logs", publicLogs);
    putIfPresent(body, "public_tcbinfo", publicTcbinfo);
    return http.call("PATCH", "cvms", cvm.value(), "visibility").json(body).read(CvmInfo.class);
  }

  /**
   * Lists the OS images a CVM can move to ({@code GET /cvms/{id}/available-os-images}).
   *
   * @param cvm the CVM
   * @return the image versions, each with a production and a dev variant
   */
  public List<OsImageVersion> availableOsImages(CvmId cvm) {
    return http.call("GET", "cvms", cvm.value(), "available-os-images")
        .read(new TypeReference<List<OsImageVersion>>() {});
  }

  /**
   * Moves a CVM to another OS image ({@code PATCH /cvms/{id}/os-image}).
   *
   * @param cvm the CVM
   * @param osImageName the image name
   */
  public void updateOsImage(CvmId cvm, String osImageName) {
    http.call("PATCH", "cvms", cvm.value(), "os-image")
        .json(Map.of("os_image_name", Objects.requireNonNull(osImageName, "osImageName")))
        .send();
  }

  /**
   * Re-reads a CVM's instance id from the node ({@code PATCH /cvms/{id}/instance-id}).
   *
   * @param cvm the CVM
   * @param overwrite replace an existing id
   * @param dryRun only report what would change
   * @return what happened
   */
  public InstanceIdRefresh refreshInstanceId(CvmId cvm, boolean overwrite, boolean dryRun) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("overwrite", overwrite);
    body.put("dry_run", dryRun);
    return http.call("PATCH", "cvms", cvm.value(), "instance-id").json(body).read(InstanceIdRefresh.class);
  }

  /**
   * Re-reads instance ids for many CVMs ({@code PATCH /cvms/instance-ids}).
   *
   * @param cvmIds the CVMs, or empty for all
   * @param runningOnly only running CVMs
   * @param missingOnly only CVMs without an id
   * @param overwrite replace existing ids
   * @param limit at most this many, 1 to 500
   * @param dryRun only report what would change
   * @return one result per CVM
   */
  public List<InstanceIdRefresh> refreshInstanceIds(
      List<String> cvmIds,
      boolean runningOnly,
      boolean missingOnly,
      boolean overwrite,
      int limit,
      boolean dryRun) {
    if (limit < 1 || limit > 500) {
      throw new IllegalArgumentException("limit must be 1 to 500 but was " + limit);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (!cvmIds.isEmpty()) {
      body.put("cvm_ids", List.copyOf(cvmIds));
    }
    body.put("running_only", runningOnly);
    body.put("missing_only", missingOnly);
    body.put("overwrite", overwrite);
    body.put("limit", limit);
    body.put("dry_run", dryRun);
    JsonNode node = http.call("PATCH", "cvms", "instance-ids").json(body).read(JsonNode.class);
    JsonNode items = node.isArray() ? node : node.path("results");
    List<InstanceIdRefresh> out = new java.util.ArrayList<>();
    for (JsonNode item : items) {
      out.add(PhalaJson.convert("instance id result", item, InstanceIdRefresh.class));
    }
    return List.copyOf(out);
  }

  /**
   * Returns the live status of many CVMs at once ({@code POST /status/batch}). Large workspaces
   * answer slowly; raise the client's read timeout if needed.
   *
   * @param vmUuids the VM UUIDs
   * @return the status per VM UUID
   */
  public Map<String, BatchStatus> statusBatch(List<String> vmUuids) {
    return http.call("POST", "status", "batch")
        .json(Map.of("vm_uuids", List.copyOf(vmUuids)))
        .idempotent(true)
        .read(new TypeReference<Map<String, BatchStatus>>() {});
  }

  /**
   * Returns a CVM's user config ({@code GET /cvms/{id}/user_config}).
   *
   * @param cvm the CVM
   * @return the user config
   */
  public UserConfig userConfig(CvmId cvm) {
    return http.call("GET", "cvms", cvm.value(), "user_config").read(UserConfig.class);
  }

  /**
   * Asks whether a CVM's app contract allows a compose hash and device ({@code POST
   * /cvms/{id}/is-allowed}).
   *
   * @param cvm the CVM
   * @param composeHash the hash to check, or {@code null} for the current one
   * @param nodeId the node to check, or {@code null}
   * @param deviceId the device to check, or {@code null}
   * @return the answer
   */
  public IsAllowed isAllowed(
      CvmId cvm, @Nullable String composeHash, @Nullable Long nodeId, @Nullable String deviceId) {
    Map<String, Object> body = new LinkedHashMap<>();
    putIfPresent(body, "compose_hash", composeHash);
    putIfPresent(body, "node_id", nodeId);
    putIfPresent(body, "device_id", deviceId);
    return http.call("POST", "cvms", cvm.value(), "is-allowed")
        .json(body)
        .idempotent(true)
        .read(IsAllowed.class);
  }

  static void putIfPresent(Map<String, Object> body, String key, @Nullable Object value) {
    if (value != null) {
      body.put(key, value);
    }
  }

  /**
   * A CVM's system info.
   *
   * @param isOnline whether it answers
   * @param isPublic whether the info is public
   * @param error an error collecting it
   * @param sysinfo the system info
   * @param status the status
   * @param inProgress whether an operation runs
   * @param bootProgress boot progress
   * @param bootError boot error
   */
  public record CvmStats(
      @Nullable Boolean isOnline,
      @Nullable Boolean isPublic,
      @Nullable String error,
      @Nullable SystemInfo sysinfo,
      @Nullable CvmStatus status,
      @Nullable Boolean inProgress,
      @Nullable String bootProgress,
      @Nullable String bootError) {}

  /**
   * Operating system figures.
   *
   * @param osName OS name
   * @param osVersion OS version
   * @param kernelVersion kernel
   * @param cpuModel CPU model
   * @param numCpus CPUs
   * @param totalMemory bytes
   * @param availableMemory bytes
   * @param usedMemory bytes
   * @param freeMemory bytes
   * @param uptime seconds
   * @param loadavgOne 1-minute load
   * @param disks the disks
   */
  public record SystemInfo(
      @Nullable String osName,
      @Nullable String osVersion,
      @Nullable String kernelVersion,
      @Nullable String cpuModel,
      @Nullable Integer numCpus,
      @Nullable Long totalMemory,
      @Nullable Long availableMemory,
      @Nullable Long usedMemory,
      @Nullable Long freeMemory,
      @Nullable Long uptime,
      @Nullable Double loadavgOne,
      List<Disk> disks) {
    /** Copies the disks. */
    public SystemInfo {
      disks = disks == null ? List.of() : List.copyOf(disks);
    }
  }

  /**
   * A disk.
   *
   * @param name device name
   * @param mountPoint mount point
   * @param totalSize bytes
   * @param freeSize bytes
   */
  public record Disk(
      @Nullable String name, @Nullable String mountPoint, @Nullable Long totalSize, @Nullable Long freeSize) {}

  /**
   * A CVM's network info.
   *
   * @param isOnline whether it answers
   * @param isPublic whether the info is public
   * @param error an error collecting it
   * @param internalIp the WireGuard address
   * @param latestHandshake the last handshake
   * @param publicUrls the public URLs
   */
  public record CvmNetwork(
      @Nullable Boolean isOnline,
      @Nullable Boolean isPublic,
      @Nullable String error,
      @Nullable String internalIp,
      @Nullable String latestHandshake,
      List<CvmInfo.Endpoint> publicUrls) {
    /** Copies the URLs. */
    public CvmNetwork {
      publicUrls = publicUrls == null ? List.of() : List.copyOf(publicUrls);
    }
  }

  /**
   * A CVM's containers.
   *
   * @param isOnline whether it answers
   * @param isPublic whether the info is public
   * @param error an error collecting it
   * @param containers the containers
   */
  public record CvmComposition(
      @Nullable Boolean isOnline,
      @Nullable Boolean isPublic,
      @Nullable String error,
      List<Container> containers) {
    /** Copies the containers. */
    public CvmComposition {
      containers = containers == null ? List.of() : List.copyOf(containers);
    }
  }

  /**
   * A container.
   *
   * @param id container id
   * @param names container names
   * @param image image
   * @param imageId image id
   * @param command command
   * @param created creation time
   * @param state e.g. {@code running}
   * @param status e.g. {@code Up 2 minutes}
   * @param logEndpoint where its logs are served
   */
  public record Container(
      @Nullable String id,
      List<String> names,
      @Nullable String image,
      @Nullable String imageId,
      @Nullable String command,
      @Nullable Long created,
      @Nullable String state,
      @Nullable String status,
      @Nullable String logEndpoint) {
    /** Copies the names. */
    public Container {
      names = names == null ? List.of() : List.copyOf(names);
    }
  }

  /**
   * One OS image version with its production and dev builds.
   *
   * @param version the version numbers, e.g. {@code [0, 5, 3]}
   * @param prod the production build
   * @param dev the dev build
   */
  public record OsImageVersion(List<Integer> version, @Nullable OsImageBuild prod, @Nullable OsImageBuild dev) {
    /** Copies the version. */
    public OsImageVersion {
      version = version == null ? List.of() : List.copyOf(version);
    }
  }

  /**
   * An OS image build.
   *
   * @param name image name
   * @param osImageHash image hash
   * @param isCurrent whether the CVM runs it
   */
  public record OsImageBuild(@Nullable String name, @Nullable String osImageHash, @Nullable Boolean isCurrent) {}

  /**
   * The result of an instance id refresh.
   *
   * @param cvmId the CVM
   * @param identifier how it was addressed
   * @param status {@code updated}, {@code unchanged}, {@code skipped}, {@code conflict} or {@code
   *     error}
   * @param oldInstanceId before
   * @param newInstanceId after
   * @param source where the id came from
   * @param verifiedWithGateway whether the gateway confirmed it
   * @param reason why, for skips and errors
   */
  public record InstanceIdRefresh(
      @Nullable String cvmId,
      @Nullable String identifier,
      @Nullable String status,
      @Nullable String oldInstanceId,
      @Nullable String newInstanceId,
      @Nullable String source,
      @Nullable Boolean verifiedWithGateway,
      @Nullable String reason) {}

  /**
   * Live status of one CVM from a batch.
   *
   * @param vmUuid the VM UUID
   * @param status the status
   * @param uptime uptime
   * @param inProgress whether an operation runs
   * @param bootProgress boot progress
   * @param bootError boot error
   * @param operationType the running operation (older answers, flat)
   * @param operationStartedAt when it started (older answers, flat)
   * @param correlationId its correlation id (older answers, flat)
   * @param shutdownProgress shutdown progress
   * @param operation the running operation, as current answers carry it
   * @param events recent lifecycle events, oldest first
   * @param resourceUsage live resource figures, if the server has them
   */
  public record BatchStatus(
      @Nullable String vmUuid,
      @Nullable CvmStatus status,
      @Nullable String uptime,
      @Nullable Boolean inProgress,
      @Nullable String bootProgress,
      @Nullable String bootError,
      @Nullable String operationType,
      @Nullable String operationStartedAt,
      @Nullable String correlationId,
      @Nullable String shutdownProgress,
      @Nullable Operation operation,
      List<Event> events,
      @Nullable ResourceUsage resourceUsage) {
    /** Copies the events; builds {@code operation} from the flat fields of older answers. */
    public BatchStatus {
      events = events == null ? List.of() : List.copyOf(events);
      if (operation == null && (operationType != null || correlationId != null)) {
        operation = new Operation(operationType, null, operationStartedAt, correlationId);
      }
    }
  }

  /**
   * An operation running on a CVM ({@code operation} of the status batch).
   *
   * @param type e.g. {@code update}, {@code shutdown}
   * @param phase where it stands, e.g. {@code stopping}
   * @param startedAt when it started, ISO-8601
   * @param correlationId identifies the operation
   */
  public record Operation(
      @Nullable String type,
      @Nullable String phase,
      @Nullable String startedAt,
      @Nullable String correlationId) {}

  /**
   * One lifecycle event of a CVM.
   *
   * @param event the event name
   * @param body its text
   * @param timestamp when, in seconds since the epoch
   */
  public record Event(@Nullable String event, @Nullable String body, double timestamp) {}

  /**
   * Live resource figures of a CVM.
   *
   * @param cpuPercent CPU use
   * @param memoryUsedBytes memory in use
   * @param memoryTotalBytes memory in total
   * @param egressBytes bytes sent out
   * @param diskUsedBytes disk in use
   * @param diskTotalBytes disk in total
   */
  public record ResourceUsage(
      @Nullable Double cpuPercent,
      @Nullable Long memoryUsedBytes,
      @Nullable Long memoryTotalBytes,
      @Nullable Long egressBytes,
      @Nullable Long diskUsedBytes,
      @Nullable Long diskTotalBytes) {}

  /**
   * A CVM's user config.
   *
   * @param hostname the hostname
   * @param sshAuthorizedKeys authorised SSH keys
   * @param defaultGatewayDomain the gateway domain
   */
  public record UserConfig(
      @Nullable String hostname, List<String> sshAuthorizedKeys, @Nullable String defaultGatewayDomain) {
    /** Copies the keys. */
    public UserConfig {
      sshAuthorizedKeys = sshAuthorizedKeys == null ? List.of() : List.copyOf(sshAuthorizedKeys);
    }
  }

  /**
   * Whether an app contract allows a compose hash and device.
   *
   * @param cvmId the CVM
   * @param appContractAddress the contract
   * @param composeHash the hash checked
   * @param deviceId the device checked
   * @param composeHashAllowed whether the hash is allowed
   * @param allowAnyDevice whether any device is allowed
   * @param deviceIdAllowed whether the device is allowed
   * @param isAllowed whether both hold
   * @param error an error checking it
   */
  public record IsAllowed(
      @Nullable String cvmId,
      @Nullable String appContractAddress,
      @Nullable String composeHash,
      @Nullable String deviceId,
      @Nullable Boolean composeHashAllowed,
      @Nullable Boolean allowAnyDevice,
      @Nullable Boolean deviceIdAllowed,
      @Nullable Boolean isAllowed,
      @Nullable String error) {}

  private static String unquote(String text) {
    // The endpoint may return a JSON string or the raw text.
    String trimmed = text.strip();
    if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
      return PhalaJson.read("pre-launch script", trimmed.getBytes(StandardCharsets.UTF_8), String.class);
    }
    return text;
  }

  private static Vm emptyVm() {
    return new Vm(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, List.of(), null, null, null, null);
  }

  private static UpdateAccepted emptyAccepted() {
    return new UpdateAccepted(null, null, null, null);
  }
}

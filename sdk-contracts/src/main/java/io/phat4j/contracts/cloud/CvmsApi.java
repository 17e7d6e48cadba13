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
   * @param nodeId only CVMs on this node, or {@code null}
   * @return the page
   */
  public Page<CvmInfo> list(int page, int pageSize, @Nullable String nodeId) {
    checkPaging(page, pageSize);
    return http.call("GET", "cvms", "paginated")
        .query("page", page)
        .query("page_size", pageSize)
        .query("node_id", nodeId)
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
    return paged(page -> list(page, pageSize, null));
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
  public Vm replicate(CvmId cvm, @Nullable String nodeId) {
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

package io.phat4j.core.dstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.dstack.internal.StrictJson;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The dstack runtime events of an event log (IMR 3, type {@code 0x08000001}), with typed access to
 * those dstack itself emits while booting.
 *
 * <p>The boot phase is every runtime event up to and including the first {@code system-ready}
 * (all of them if there is none). Typed accessors read only boot-phase events: before dstack 0.6
 * an app could emit its own events afterwards, and such an event must not be able to pose as,
 * say, a second {@code compose-hash}. Within the boot phase each singleton event may appear at
 * most once, and its payload must have the expected shape, or {@link EventLog#parse(byte[])}
 * fails with a {@link DecodeException}.
 *
 * <p>Immutable and thread-safe.
 */
public final class DstackRuntimeEvents {
  /** Event names dstack emits at most once while booting. */
  private static final Set<String> SINGLETONS =
      Set.of(
          "system-preparing",
          "app-id",
          "compose-hash",
          "instance-id",
          "boot-mr-done",
          "key-provider",
          "os-image-hash",
          "storage-fs",
          "gpu-policy-hash",
          "system-ready");

  private final List<EventLogEntry> all;
  private final List<EventLogEntry> boot;
  private final Map<String, EventLogEntry> singletons;
  private final @Nullable AppId appId;
  private final @Nullable Bytes32 composeHash;
  private final @Nullable Bytes32 osImageHash;
  private final @Nullable KeyProvider keyProvider;
  private final @Nullable String storageFs;
  private final List<Bytes32> initScriptHashes;

  private DstackRuntimeEvents(List<EventLogEntry> all, int bootCount) {
    this.all = List.copyOf(all);
    this.boot = this.all.subList(0, bootCount);
    this.singletons = new HashMap<>();
    List<Bytes32> scripts = new ArrayList<>();
    for (EventLogEntry e : boot) {
      if (SINGLETONS.contains(e.event()) && singletons.putIfAbsent(e.event(), e) != null) {
        throw new DecodeException(
            field(e), "is the second \"" + e.event() + "\" event before system-ready; dstack emits it once");
      }
      if (e.event().equals("init-script-hash")) {
        scripts.add(Bytes32.fromHex(field(e), e.payloadHex()));
      }
    }
    this.initScriptHashes = List.copyOf(scripts);
    EventLogEntry e = singletons.get("app-id");
    this.appId = e == null ? null : AppId.fromHex(field(e), e.payloadHex());
    e = singletons.get("compose-hash");
    this.composeHash = e == null ? null : Bytes32.fromHex(field(e), e.payloadHex());
    e = singletons.get("os-image-hash");
    this.osImageHash = e == null ? null : Bytes32.fromHex(field(e), e.payloadHex());
    e = singletons.get("storage-fs");
    this.storageFs = e == null ? null : utf8(e);
    e = singletons.get("key-provider");
    this.keyProvider = e == null ? null : keyProvider(e);
    e = singletons.get("instance-id");
    if (e != null && e.payload().length != 0 && e.payload().length != AppId.LENGTH) {
      throw new DecodeException(field(e), "instance-id must be empty or 20 bytes, got " + e.payload().length);
    }
  }

  static DstackRuntimeEvents of(List<EventLogEntry> entries) {
    List<EventLogEntry> runtime = new ArrayList<>();
    int bootCount = -1;
    for (EventLogEntry e : entries) {
      if (e.isRuntimeEvent()) {
        runtime.add(e);
        if (bootCount < 0 && e.event().equals("system-ready")) {
          bootCount = runtime.size();
        }
      }
    }
    return new DstackRuntimeEvents(runtime, bootCount < 0 ? runtime.size() : bootCount);
  }

  /**
   * Returns all runtime events in log order.
   *
   * @return an unmodifiable list
   */
  public List<EventLogEntry> all() {
    return all;
  }

  /**
   * Returns the runtime events after {@code system-ready}: events the app emitted itself.
   *
   * @return an unmodifiable list, empty if there is no {@code system-ready}
   */
  public List<EventLogEntry> appEvents() {
    return all.subList(boot.size(), all.size());
  }

  /**
   * Returns the boot-phase runtime event with a name.
   *
   * @param name the event name
   * @return the event, or null if the boot phase has none
   */
  public @Nullable EventLogEntry bootEvent(String name) {
    for (EventLogEntry e : boot) {
      if (e.event().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /**
   * Tells whether the boot phase finished, i.e. a {@code system-ready} event was logged.
   *
   * @return true if the log contains {@code system-ready}
   */
  public boolean systemReady() {
    return singletons.containsKey("system-ready");
  }

  /**
   * Returns the app id from the {@code app-id} event.
   *
   * @return the app id, or null if there is no such event
   */
  public @Nullable AppId appId() {
    return appId;
  }

  /**
   * Returns the compose hash from the {@code compose-hash} event.
   *
   * @return the hash, or null if there is no such event
   */
  public @Nullable Bytes32 composeHash() {
    return composeHash;
  }

  /**
   * Returns the payload of the {@code instance-id} event.
   *
   * @return 20 bytes, empty when the app disabled instance ids, or null if there is no such event
   */
  public byte @Nullable [] instanceId() {
    EventLogEntry e = singletons.get("instance-id");
    return e == null ? null : e.payload();
  }

  /**
   * Returns the key provider from the {@code key-provider} event.
   *
   * @return the provider, or null if there is no such event
   */
  public @Nullable KeyProvider keyProvider() {
    return keyProvider;
  }

  /**
   * Returns the OS image hash from the {@code os-image-hash} event (emitted on some platforms).
   *
   * @return the hash, or null if there is no such event
   */
  public @Nullable Bytes32 osImageHash() {
    return osImageHash;
  }

  /**
   * Returns the file system from the {@code storage-fs} event, e.g. {@code "zfs"}.
   *
   * @return the name, or null if there is no such event
   */
  public @Nullable String storageFs() {
    return storageFs;
  }

  /**
   * Returns the SHA-256 of each init script, from the {@code init-script-hash} events in order.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<Bytes32> initScriptHashes() {
    return initScriptHashes;
  }

  @Override
  public String toString() {
    return "DstackRuntimeEvents[" + all.size() + " events, appId=" + appId + ", composeHash=" + composeHash + "]";
  }

  private static String field(EventLogEntry e) {
    return "event_log[" + e.index() + "].event_payload";
  }

  private static String utf8(EventLogEntry e) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(e.payload()))
          .toString();
    } catch (CharacterCodingException ex) {
      throw new DecodeException(field(e), -1, e.event() + " payload is not valid UTF-8", ex);
    }
  }

  private static KeyProvider keyProvider(EventLogEntry e) {
    JsonNode n = StrictJson.parse(field(e) + " (key-provider JSON)", e.payload(), StrictJson.Numbers.EXACT);
    JsonNode name = n.isObject() ? n.get("name") : null;
    JsonNode id = n.isObject() ? n.get("id") : null;
    if (name == null || !name.isTextual() || id == null || !id.isTextual()) {
      throw new DecodeException(field(e), "key-provider payload must be a JSON object with string name and id");
    }
    return new KeyProvider(name.textValue(), id.textValue());
  }
}

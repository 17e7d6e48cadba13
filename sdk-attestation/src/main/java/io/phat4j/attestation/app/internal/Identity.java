package io.phat4j.attestation.app.internal;

import io.phat4j.attestation.app.AppInfo;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.dstack.DstackRuntimeEvents;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.EventLogEntry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Computes an app's identity from its event log and quote exactly as dstack's {@code decode_app_info} does. */
public final class Identity {
  private static final byte[] ZERO48 = new byte[48];

  private Identity() {}

  /**
   * Computes the identity.
   *
   * @param log the parsed event log
   * @param td the quote's TD report
   * @param ppid the platform provisioning id from the PCK certificate
   * @param osImageHash the VM configuration's os_image_hash (empty without one)
   * @return the identity
   */
  public static AppInfo compute(EventLog log, TdReport td, byte[] ppid, byte[] osImageHash) {
    DstackRuntimeEvents rt = log.runtimeEvents();
    byte[] keyProviderInfo = payload(rt, "key-provider");
    byte[] mrKeyProvider = keyProviderInfo.length == 0 ? new byte[32] : sha256(keyProviderInfo);
    MessageDigest system = sha256();
    system.update(td.mrTd().toByteArray());
    for (int i = 0; i < 3; i++) {
      system.update(td.rtmr(i).toByteArray());
    }
    system.update(mrKeyProvider);

    // RTMR3 as dstack replays it: every runtime event, including the app's own after system-ready.
    byte[] rtmr3 = new byte[48];
    for (EventLogEntry e : rt.all()) {
      MessageDigest sha384 = sha384();
      sha384.update(rtmr3);
      sha384.update(Arrays.copyOf(e.digest(), 48));
      rtmr3 = sha384.digest();
    }
    MessageDigest aggregated = sha256();
    aggregated.update(td.mrTd().toByteArray());
    for (int i = 0; i < 3; i++) {
      aggregated.update(td.rtmr(i).toByteArray());
    }
    aggregated.update(rtmr3);
    byte[] configId = td.mrConfigId().toByteArray();
    byte[] owner = td.mrOwner().toByteArray();
    byte[] ownerConfig = td.mrOwnerConfig().toByteArray();
    // Kept out of the hash when all zero, for compatibility with CVMs from before they were set.
    if (!Arrays.equals(configId, ZERO48) || !Arrays.equals(owner, ZERO48) || !Arrays.equals(ownerConfig, ZERO48)) {
      aggregated.update(configId);
      aggregated.update(owner);
      aggregated.update(ownerConfig);
    }
    List<String> scripts = new ArrayList<>();
    for (EventLogEntry e : rt.all()) {
      if (e.event().equals("system-ready")) {
        break;
      }
      if (e.event().equals("init-script-hash")) {
        scripts.add(e.payloadHex());
      }
    }
    return new AppInfo(
        payload(rt, "app-id"),
        payload(rt, "compose-hash"),
        payload(rt, "instance-id"),
        sha256(ppid),
        Bytes32.of(system.digest()),
        Bytes32.of(aggregated.digest()),
        osImageHash,
        keyProviderInfo,
        scripts);
  }

  /** The payload of the first boot-phase event with the name, empty if there is none. */
  private static byte[] payload(DstackRuntimeEvents rt, String name) {
    EventLogEntry e = rt.bootEvent(name);
    return e == null ? new byte[0] : e.payload();
  }

  static byte[] sha256(byte[] data) {
    return sha256().digest(data);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest sha384() {
    try {
      return MessageDigest.getInstance("SHA-384");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Renders bytes as hex.
   *
   * @param b the bytes
   * @return lowercase hex
   */
  static String hex(byte[] b) {
    return Hex.encode(b);
  }
}

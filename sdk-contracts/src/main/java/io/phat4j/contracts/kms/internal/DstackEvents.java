package io.phat4j.contracts.kms.internal;

import static io.phat4j.contracts.kms.internal.DstackAbi.*;

import io.phat4j.contracts.chain.ChainLog;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.LogPosition;
import io.phat4j.contracts.kms.AppEvent;
import io.phat4j.contracts.kms.KmsEvent;
import io.phat4j.contracts.kms.KmsEvent.Allowlist;
import io.phat4j.contracts.kms.OwnershipTransferred;
import io.phat4j.contracts.kms.Upgraded;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;

/** Decodes DstackKms and DstackApp logs into phat4j event records. */
public final class DstackEvents {
  private DstackEvents() {}

  /** The KMS event this log is, or empty for a log of another event. */
  public static Optional<KmsEvent> kms(ChainLog log) {
    LogPosition at = LogPosition.of(log);
    if (log.is(APP_REGISTERED)) {
      return Optional.of(new KmsEvent.AppRegistered(at, addr(log, APP_REGISTERED, 0)));
    } else if (log.is(APP_DEPLOYED_VIA_FACTORY)) {
      List<Type<?>> v = log.decode(APP_DEPLOYED_VIA_FACTORY);
      return Optional.of(new KmsEvent.AppDeployedViaFactory(at, addr(v.get(0)), addr(v.get(1))));
    } else if (log.is(KMS_INFO_SET)) {
      byte[] key = ((DynamicBytes) log.decode(KMS_INFO_SET).get(0)).getValue();
      return Optional.of(new KmsEvent.KmsInfoSet(at, Hex.encode0x(key)));
    } else if (log.is(GATEWAY_APP_ID_SET)) {
      return Optional.of(new KmsEvent.GatewayAppIdSet(at, ((Utf8String) log.decode(GATEWAY_APP_ID_SET).get(0)).getValue()));
    } else if (log.is(APP_IMPLEMENTATION_SET)) {
      return Optional.of(new KmsEvent.AppImplementationSet(at, addr(log, APP_IMPLEMENTATION_SET, 0)));
    }
    Optional<KmsEvent> shared = shared(log, at).map(KmsEvent.class::cast);
    if (shared.isPresent()) {
      return shared;
    }
    return allowlist(log, at, OS_IMAGE_HASH_ADDED, OS_IMAGE_HASH_REMOVED, Allowlist.OS_IMAGE)
        .or(() -> allowlist(log, at, KMS_AGGREGATED_MR_ADDED, KMS_AGGREGATED_MR_REMOVED, Allowlist.KMS_AGGREGATED_MR))
        .or(() -> allowlist(log, at, KMS_DEVICE_ADDED, KMS_DEVICE_REMOVED, Allowlist.KMS_DEVICE));
  }

  /** The app event this log is, or empty for a log of another event. */
  public static Optional<AppEvent> app(ChainLog log) {
    LogPosition at = LogPosition.of(log);
    if (log.is(COMPOSE_HASH_ADDED) || log.is(COMPOSE_HASH_REMOVED)) {
      boolean added = log.is(COMPOSE_HASH_ADDED);
      return Optional.of(new AppEvent.ComposeHashChanged(at, b32(log, added ? COMPOSE_HASH_ADDED : COMPOSE_HASH_REMOVED), added));
    } else if (log.is(DEVICE_ADDED) || log.is(DEVICE_REMOVED)) {
      boolean added = log.is(DEVICE_ADDED);
      return Optional.of(new AppEvent.DeviceChanged(at, b32(log, added ? DEVICE_ADDED : DEVICE_REMOVED), added));
    } else if (log.is(ALLOW_ANY_DEVICE_SET)) {
      return Optional.of(new AppEvent.AllowAnyDeviceSet(at, bool(log, ALLOW_ANY_DEVICE_SET)));
    } else if (log.is(REQUIRE_TCB_UP_TO_DATE_SET)) {
      return Optional.of(new AppEvent.RequireTcbUpToDateSet(at, bool(log, REQUIRE_TCB_UP_TO_DATE_SET)));
    } else if (log.is(UPGRADES_DISABLED)) {
      log.decode(UPGRADES_DISABLED); // checks the shape
      return Optional.of(new AppEvent.UpgradesDisabled(at));
    }
    return shared(log, at).map(AppEvent.class::cast);
  }

  private static Optional<Object> shared(ChainLog log, LogPosition at) {
    if (log.is(OWNERSHIP_TRANSFERRED)) {
      List<Type<?>> v = log.decode(OWNERSHIP_TRANSFERRED);
      return Optional.of(new OwnershipTransferred(at, addr(v.get(0)), addr(v.get(1))));
    } else if (log.is(UPGRADED)) {
      return Optional.of(new Upgraded(at, addr(log, UPGRADED, 0)));
    }
    return Optional.empty();
  }

  private static Optional<KmsEvent> allowlist(ChainLog log, LogPosition at, Event added, Event removed, Allowlist list) {
    if (log.is(added)) {
      return Optional.of(new KmsEvent.AllowlistChanged(at, list, b32(log, added), true));
    } else if (log.is(removed)) {
      return Optional.of(new KmsEvent.AllowlistChanged(at, list, b32(log, removed), false));
    }
    return Optional.empty();
  }

  private static EvmAddress addr(ChainLog log, Event e, int i) {
    return addr(log.decode(e).get(i));
  }

  private static EvmAddress addr(Type<?> t) {
    return EvmAddress.fromAbi((Address) t);
  }

  private static Bytes32 b32(ChainLog log, Event e) {
    return Bytes32.of(((org.web3j.abi.datatypes.generated.Bytes32) log.decode(e).get(0)).getValue());
  }

  private static boolean bool(ChainLog log, Event e) {
    return ((Bool) log.decode(e).get(0)).getValue();
  }
}

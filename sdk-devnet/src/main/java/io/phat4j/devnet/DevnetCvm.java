package io.phat4j.devnet;

import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.devnet.internal.Cvm;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A view of one simulated CVM of a {@link Devnet}: its identity, status and guest agent endpoint.
 * What a test needs to look inside the "enclave" without going through the cloud API.
 */
public final class DevnetCvm {
  private final Cvm cvm;

  DevnetCvm(Cvm cvm) {
    this.cvm = cvm;
  }

  /**
   * Returns the VM UUID.
   *
   * @return the UUID, with dashes
   */
  public String vmUuid() {
    return cvm.vmUuid();
  }

  /**
   * Returns the CVM name.
   *
   * @return the name
   */
  public String name() {
    return cvm.app().name();
  }

  /**
   * Returns the app id.
   *
   * @return the app id
   */
  public AppId appId() {
    return cvm.appId();
  }

  /**
   * Returns the compose hash.
   *
   * @return the hash of the exact app-compose text
   */
  public Bytes32 composeHash() {
    return cvm.app().composeHash();
  }

  /**
   * Returns the current status text.
   *
   * @return e.g. {@code running}
   */
  public String status() {
    return cvm.state().status();
  }

  /**
   * Returns this CVM's guest agent endpoint: what {@code DSTACK_SIMULATOR_ENDPOINT} is set to for
   * its app.
   *
   * @return e.g. {@code http://127.0.0.1:41240}
   */
  public URI guestAgentEndpoint() {
    return cvm.guestAgentUri();
  }

  /**
   * Returns the names of the env vars the app received in its current boot (values stay inside).
   *
   * @return the names, only those the compose allows
   */
  public Set<String> envNames() {
    Map<String, String> env = cvm.visibleEnv();
    return Set.copyOf(env.keySet());
  }

  /**
   * Returns why the in-process app ended abnormally, if it did.
   *
   * @return the failure, or null
   */
  public @Nullable String appFailure() {
    return cvm.appFailure();
  }

  @Override
  public String toString() {
    return "DevnetCvm[" + name() + ", " + vmUuid() + ", app " + appId().hex() + ", " + status() + "]";
  }
}

package io.phat4j.devnet.internal;

import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Starts the in-process stand-in for a compose's containers, if one is bound to its images. */
@FunctionalInterface
public interface AppLauncher {
  /**
   * Starts the app bound to one of these images.
   *
   * @param cvm the CVM being booted
   * @param env the decrypted env, only the allowed names
   * @param guestAgent the CVM's guest agent endpoint ({@code DSTACK_SIMULATOR_ENDPOINT})
   * @return the running app, or null if no image of the compose is bound
   */
  @Nullable RunningApp launch(Cvm cvm, Map<String, String> env, URI guestAgent);

  /** A started app. */
  interface RunningApp {
    /** Asks the app to stop and waits a bounded time for it. */
    void stop();

    /**
     * Returns why the app ended abnormally, or null while it runs or if it ended normally.
     *
     * @return the failure text
     */
    @Nullable String failure();
  }
}

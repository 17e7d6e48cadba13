package io.phat4j.contracts.cloud;

/**
 * Receives progress of a deploy or update, on the thread that called {@link
 * PhalaCloudClient#deploy}. Exceptions it throws abort the flow.
 */
@FunctionalInterface
public interface DeployListener {
  /**
   * Handles one event.
   *
   * @param event the event
   */
  void onEvent(DeployEvent event);

  /**
   * Returns a listener that ignores every event.
   *
   * @return the no-op listener
   */
  static DeployListener none() {
    return event -> {};
  }
}

package io.phat4j.ai;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A model from {@code GET /v1/models}.
 *
 * @param id the model id
 * @param providers who serves it (e.g. {@code phala}), empty when not stated
 * @param appId the dstack app id ({@code metadata.appid}), or null
 */
public record ModelInfo(String id, List<String> providers, @Nullable String appId) {
  /** Copies the list. */
  public ModelInfo {
    providers = List.copyOf(providers);
  }
}

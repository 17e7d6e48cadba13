package io.phat4j.attestation.app;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link AppLink} gets: the evidence and what the built-in links established.
 *
 * @param evidence the evidence as given
 * @param appInfo the app identity, or null if the event log did not bind one to the quote
 * @param teeVariant {@code "dstack-tdx"}
 * @param tcbStatus the verified TCB status wire name, or null if the quote did not verify
 * @param advisoryIds the advisories of the verified quote
 * @param links the built-in links' results so far
 */
public record AppLinkContext(
    AppEvidence evidence,
    @Nullable AppInfo appInfo,
    String teeVariant,
    @Nullable String tcbStatus,
    List<String> advisoryIds,
    List<LinkResult> links) {
  /** Copies the lists. */
  public AppLinkContext {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(teeVariant, "teeVariant");
    advisoryIds = List.copyOf(advisoryIds);
    links = List.copyOf(links);
  }

  /**
   * Tells whether every built-in link passed or did not apply.
   *
   * @return true if none failed
   */
  public boolean builtInLinksPassed() {
    return links.stream().noneMatch(LinkResult::failed);
  }
}

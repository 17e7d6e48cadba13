package io.phat4j.contracts.cloud;

import java.util.List;

/**
 * One page of a paginated listing.
 *
 * @param items the items on this page
 * @param total the number of items across all pages
 * @param page the 1-based page number
 * @param pageSize the requested page size
 * @param pages the number of pages
 * @param <T> the item type
 */
public record Page<T>(List<T> items, long total, int page, int pageSize, int pages) {
  /** Copies the items; a missing list is empty. */
  public Page {
    items = items == null ? List.of() : List.copyOf(items);
  }
}

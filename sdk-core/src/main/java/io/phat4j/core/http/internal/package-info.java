/**
 * Implementation details of {@code io.phat4j.core.http}: header redaction, {@code Retry-After}
 * parsing, wire-log formatting and bounded body reading. Not public API; may change without notice.
 */
@NullMarked
package io.phat4j.core.http.internal;

import org.jspecify.annotations.NullMarked;

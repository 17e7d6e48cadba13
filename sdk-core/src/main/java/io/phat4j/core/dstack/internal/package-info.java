/**
 * Implementation details of {@code io.phat4j.core.dstack}: strict JSON reading and the
 * JavaScript-compatible canonical JSON writer. Not a public API; it may change without notice.
 */
@NullMarked
package io.phat4j.core.dstack.internal;

import org.jspecify.annotations.NullMarked;

/** Internals of the Phala Cloud client: request building, error mapping, SSE parsing. Not API. */
@NullMarked
package io.phat4j.contracts.cloud.internal;

import org.jspecify.annotations.NullMarked;

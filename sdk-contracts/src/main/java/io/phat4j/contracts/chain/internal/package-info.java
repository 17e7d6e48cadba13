/** Internals of {@link io.phat4j.contracts.chain}: JSON-RPC plumbing, reply parsing, revert decoding. Not API. */
@NullMarked
package io.phat4j.contracts.chain.internal;

import org.jspecify.annotations.NullMarked;

/** Internals of {@link io.phat4j.contracts.kms}: the ABI descriptions of DstackKms and DstackApp. Not API. */
@NullMarked
package io.phat4j.contracts.kms.internal;

import org.jspecify.annotations.NullMarked;

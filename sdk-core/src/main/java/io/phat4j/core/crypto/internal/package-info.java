/**
 * Implementation details of {@code io.phat4j.core.crypto}: the JSON layout of the env plaintext and
 * the bridge to Tink's HPKE internals. Not part of the public API; may change in any release.
 */
@NullMarked
package io.phat4j.core.crypto.internal;

import org.jspecify.annotations.NullMarked;

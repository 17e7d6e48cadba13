/**
 * Implementation details of {@code io.phat4j.core.dstack.guest}: HTTP over a Unix domain socket,
 * endpoint resolution and the guest agent's JSON shapes. Not part of the public API; may change in
 * any release.
 */
@NullMarked
package io.phat4j.core.dstack.guest.internal;

import org.jspecify.annotations.NullMarked;

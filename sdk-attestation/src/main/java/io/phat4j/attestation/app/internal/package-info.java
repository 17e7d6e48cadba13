/**
 * Internals of {@link io.phat4j.attestation.app}: evidence parsing, the individual links and the
 * report renderers. Not API; may change in any release.
 */
@NullMarked
package io.phat4j.attestation.app.internal;

import org.jspecify.annotations.NullMarked;

/**
 * The dstack guest agent client, for Java code running inside a dstack CVM (or against a
 * simulator): derive keys, get TDX quotes, read the app's identity, and check key signature chains
 * locally up to a KMS root key the caller trusts.
 *
 * <p>{@link io.phat4j.core.dstack.guest.DstackGuestClient} speaks the frozen v0 surface (bare
 * paths such as {@code /GetKey}) that every agent up to 0.5.x serves and 0.6 keeps; {@link
 * io.phat4j.core.dstack.guest.DstackGuestClient#v1()} speaks the versioned {@code /v1} surface of
 * dstack 0.6. The two derive different keys for the same name, so the API never maps one onto the
 * other. {@link io.phat4j.core.dstack.guest.SignatureChainVerifier} replaces the {@code Verify}
 * RPC that dstack 0.6 removed.
 */
@NullMarked
package io.phat4j.core.dstack.guest;

import org.jspecify.annotations.NullMarked;

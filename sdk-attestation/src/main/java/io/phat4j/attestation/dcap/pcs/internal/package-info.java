/**
 * Internals of the PCS client: decoding of PCS response bodies and headers, and collateral expiry.
 * Not API: may change without notice.
 */
@NullMarked
package io.phat4j.attestation.dcap.pcs.internal;

import org.jspecify.annotations.NullMarked;

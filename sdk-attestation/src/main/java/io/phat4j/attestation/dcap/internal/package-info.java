/** Implementation details of the DCAP verifier; not part of the public API. */
@NullMarked
package io.phat4j.attestation.dcap.internal;

import org.jspecify.annotations.NullMarked;

/** Implementation details of RA-TLS certificate parsing and checking; not part of the public API. */
@NullMarked
package io.phat4j.attestation.ratls.internal;

import org.jspecify.annotations.NullMarked;

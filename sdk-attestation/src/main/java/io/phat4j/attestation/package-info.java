/** Intel DCAP quote verification and dstack app attestation. */
@NullMarked
package io.phat4j.attestation;

import org.jspecify.annotations.NullMarked;

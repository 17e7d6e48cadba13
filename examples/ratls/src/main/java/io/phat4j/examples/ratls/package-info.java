/** Attested TLS on a local devnet: an RA-TLS server in a CVM and a Java client that trusts its attestation. */
@NullMarked
package io.phat4j.examples.ratls;

import org.jspecify.annotations.NullMarked;

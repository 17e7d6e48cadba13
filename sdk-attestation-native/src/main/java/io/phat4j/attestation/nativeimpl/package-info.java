/**
 * The optional native crypto backend of phat4j's quote verifier: OpenSSL 3's {@code libcrypto}
 * called through the Foreign Function &amp; Memory API (Java 22+). Adding this artifact to the class
 * path is all it takes; {@link io.phat4j.attestation.dcap.QuoteVerifier} finds it with
 * {@link java.util.ServiceLoader} and uses it when it loads and passes its self-test.
 */
@NullMarked
package io.phat4j.attestation.nativeimpl;

import org.jspecify.annotations.NullMarked;

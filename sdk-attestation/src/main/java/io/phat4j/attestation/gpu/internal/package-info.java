/** Internals of the GPU evidence verifier: bounded byte reading, X.509 paths, XML signatures, HTTP to NVIDIA. */
@NullMarked
package io.phat4j.attestation.gpu.internal;

import org.jspecify.annotations.NullMarked;

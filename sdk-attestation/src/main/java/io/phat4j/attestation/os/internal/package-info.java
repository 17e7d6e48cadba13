/** Implementation details of the OS-image measurement engine; not part of the public API. */
@NullMarked
package io.phat4j.attestation.os.internal;

import org.jspecify.annotations.NullMarked;

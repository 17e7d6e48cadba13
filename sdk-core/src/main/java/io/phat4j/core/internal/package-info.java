/** Implementation details shared across sdk-core packages; not API, may change at any time. */
@NullMarked
package io.phat4j.core.internal;

import org.jspecify.annotations.NullMarked;

/** Implementation details of the confidential-AI client; not part of the public API. */
@NullMarked
package io.phat4j.ai.internal;

import org.jspecify.annotations.NullMarked;

/** Implementation details of the test PKI; not API, may change at any time. */
@NullMarked
package io.phat4j.testkit.internal;

import org.jspecify.annotations.NullMarked;

/** Test fixtures: a self-made DCAP PKI and quotes signed under it. Never a production trust root. */
@NullMarked
package io.phat4j.testkit;

import org.jspecify.annotations.NullMarked;

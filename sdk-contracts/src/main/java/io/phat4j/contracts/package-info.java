/** Phala Cloud deployment and on-chain contract access. */
@NullMarked
package io.phat4j.contracts;

import org.jspecify.annotations.NullMarked;

/**
 * Core types shared by every phat4j module: the exception hierarchy, strict hex and fixed-size
 * byte values, and secret holders whose {@code toString()} never reveals the secret.
 */
@NullMarked
package io.phat4j.core;

import org.jspecify.annotations.NullMarked;

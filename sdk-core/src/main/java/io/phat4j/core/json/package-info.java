/** phat4j's single JSON configuration (Jackson, snake_case, unknown fields ignored). */
@NullMarked
package io.phat4j.core.json;

import org.jspecify.annotations.NullMarked;

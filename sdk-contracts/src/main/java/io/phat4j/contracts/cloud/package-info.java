/**
 * A typed client for the Phala Cloud REST API: CVM deployment (provision, commit, state
 * watching), updates, management calls, typed errors and webhook verification.
 *
 * <p>Start with {@link io.phat4j.contracts.cloud.PhalaCloudClient}.
 */
@NullMarked
package io.phat4j.contracts.cloud;

import org.jspecify.annotations.NullMarked;

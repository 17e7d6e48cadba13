/**
 * The HTTP transport every phat4j client is built on: timeouts, retries with backoff, a {@code
 * User-Agent}, and opt-in wire logging that never prints secrets.
 *
 * <p>Service clients (Phala Cloud, Intel PCS, the dstack guest agent) build an {@link
 * io.phat4j.core.http.HttpRequest}, hand it to a shared {@link io.phat4j.core.http.HttpTransport}
 * and get back an {@link io.phat4j.core.http.HttpResponse} whose body has already been read and
 * closed. Transport failures surface as {@link io.phat4j.core.PhalaTransportException}; turning an
 * error status into a service exception is the job of the client above.
 */
@NullMarked
package io.phat4j.core.http;

import org.jspecify.annotations.NullMarked;

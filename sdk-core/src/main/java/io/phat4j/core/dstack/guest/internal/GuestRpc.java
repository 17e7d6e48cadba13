package io.phat4j.core.dstack.guest.internal;

import io.phat4j.core.dstack.guest.GuestAgentException;
import io.phat4j.core.dstack.guest.GuestEndpoint;
import io.phat4j.core.dstack.guest.UnsupportedGuestMethodException;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.json.PhalaJson;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One guest agent RPC exchange: {@code POST /<path>} with a JSON body, and the agent's error
 * conventions turned into typed exceptions.
 */
public final class GuestRpc {
  /** The base URL used on a Unix socket; the agent expects {@code Host: localhost}. */
  private static final URI SOCKET_BASE = URI.create("http://localhost");

  private final HttpTransport transport;
  private final URI base;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Creates an RPC caller.
   *
   * @param transport the transport, already wired to the endpoint's socket if it has one
   * @param endpoint the endpoint
   */
  public GuestRpc(HttpTransport transport, GuestEndpoint endpoint) {
    this.transport = Objects.requireNonNull(transport, "transport");
    URI url = endpoint.baseUrl();
    this.base = url == null ? SOCKET_BASE : url;
  }

  /**
   * Calls a method and returns the body of a successful reply.
   *
   * @param path the method path without a leading slash, e.g. {@code GetKey} or {@code v1/Info}
   * @param body the request fields (serialised as JSON)
   * @param idempotent whether repeating the call is harmless, so the transport may retry it
   * @param sensitive whether the request or reply carries secrets and must never be logged
   * @return the reply body
   * @throws UnsupportedGuestMethodException on a 404
   * @throws GuestAgentException on another error status or an {@code error} field in the body
   * @throws io.phat4j.core.PhalaTransportException if the agent could not be reached
   * @throws IllegalStateException if the client was closed
   */
  public byte[] call(String path, Map<String, ?> body, boolean idempotent, boolean sensitive) {
    if (closed.get()) {
      throw new IllegalStateException("guest client is closed");
    }
    HttpRequest request =
        HttpRequest.builder("POST", URI.create(base + "/" + path))
            .body(PhalaJson.write(body), "application/json")
            .idempotent(idempotent)
            .sensitiveBody(sensitive)
            .build();
    HttpResponse response = transport.execute(request);
    byte[] reply = response.body();
    String error = GuestJson.errorText(reply);
    if (response.status() == 404) {
      // A 404 without the agent's JSON error means nothing is mounted at that path at all.
      throw new UnsupportedGuestMethodException(path, error == null, error);
    }
    if (!response.isSuccessful() || error != null) {
      throw new GuestAgentException(path, response.status(), error);
    }
    return reply;
  }

  /** Refuses every later call, from the client and each of its views. */
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "GuestRpc[" + base + "]";
  }
}

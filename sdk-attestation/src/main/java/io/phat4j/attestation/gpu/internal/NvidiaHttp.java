package io.phat4j.attestation.gpu.internal;

import io.phat4j.attestation.gpu.NvidiaServiceException;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.http.HttpTransport;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP plumbing NVIDIA's services share: a transport the client either owns or borrows, the
 * optional bearer service key, and error statuses as {@link NvidiaServiceException}.
 *
 * <p>Thread-safe when the transport is.
 */
public final class NvidiaHttp implements AutoCloseable {
  private final HttpTransport transport;
  private final boolean ownsTransport;

  private NvidiaHttp(HttpTransport transport, boolean ownsTransport) {
    this.transport = transport;
    this.ownsTransport = ownsTransport;
  }

  /**
   * Uses a shared transport, or creates (and later closes) one when none is given.
   *
   * @param shared the caller's transport, or {@code null}
   * @return the helper
   */
  public static NvidiaHttp using(@Nullable HttpTransport shared) {
    return shared == null ? new NvidiaHttp(HttpTransport.create(), true) : new NvidiaHttp(shared, false);
  }

  /**
   * Returns a base URL without its trailing slash, so paths can be appended.
   *
   * @param baseUrl the configured URL
   * @return the URL text
   */
  public static String base(URI baseUrl) {
    String url = baseUrl.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Adds the service key as a bearer token (a secret header, never logged), if there is one.
   *
   * @param request the request
   * @param serviceKey the key, or {@code null}
   * @return the request builder
   */
  public static HttpRequest.Builder withServiceKey(HttpRequest.Builder request, @Nullable SecretString serviceKey) {
    if (serviceKey != null) {
      request.secretHeader("Authorization", "Bearer " + serviceKey.reveal());
    }
    return request;
  }

  /**
   * Sends a request, whatever the status.
   *
   * @param request the request
   * @return the response
   */
  public HttpResponse execute(HttpRequest request) {
    return transport.execute(request);
  }

  /**
   * Sends a request and requires a 2xx status.
   *
   * @param service the service and route, for the exception
   * @param request the request
   * @return the response
   * @throws NvidiaServiceException on another status, with the reply body as details
   */
  public HttpResponse expectSuccess(String service, HttpRequest request) {
    return requireSuccess(service, transport.execute(request));
  }

  /**
   * Requires a 2xx status.
   *
   * @param service the service and route, for the exception
   * @param response the response
   * @return the response
   * @throws NvidiaServiceException on another status, with the reply body as details
   */
  public static HttpResponse requireSuccess(String service, HttpResponse response) {
    if (!response.isSuccessful()) {
      throw new NvidiaServiceException(service, response.status(), response.bodyAsString());
    }
    return response;
  }

  /** Closes the transport if this helper created it. */
  @Override
  public void close() {
    if (ownsTransport) {
      transport.close();
    }
  }
}

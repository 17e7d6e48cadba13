package io.phat4j.contracts.chain.internal;

import io.phat4j.core.PhalaServiceException;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.internal.Redaction;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Service;

/**
 * A web3j service that sends every JSON-RPC call through the SDK's {@link HttpTransport}, so node
 * replies get the same size cap, deadlines, retry rules and redacted wire log as every other call
 * the SDK makes. web3j's own {@code HttpService} reads replies without a limit.
 *
 * <p>Calls are POSTs and are not marked idempotent: {@code eth_sendRawTransaction} must not be sent
 * twice, so a call is retried only when the connection could not be opened.
 */
public final class TransportService extends Service {
  private final HttpTransport transport;
  private final boolean ownsTransport;
  private final URI url;

  /**
   * Creates the service.
   *
   * @param transport the transport calls go through
   * @param ownsTransport whether {@link #close()} closes the transport
   * @param url the node's JSON-RPC URL
   */
  public TransportService(HttpTransport transport, boolean ownsTransport, URI url) {
    super(false);
    this.transport = transport;
    this.ownsTransport = ownsTransport;
    this.url = url;
  }

  @Override
  protected InputStream performIO(String payload) {
    HttpRequest request = HttpRequest.builder("POST", url)
        .header("Accept", "application/json")
        .body(payload.getBytes(StandardCharsets.UTF_8), "application/json")
        .idempotent(false)
        .build();
    // Throws ResponseTooLargeException past the cap and PhalaTransportException on I/O failures.
    HttpResponse response = transport.execute(request);
    if (!response.isSuccessful()) {
      throw new PhalaServiceException("JSON-RPC request to " + Redaction.safeUrl(url) + " failed",
          response.status(), null, null, snippet(response.body()));
    }
    return new ByteArrayInputStream(response.body());
  }

  /** The start of an error body, for {@link PhalaServiceException#details()}. */
  private static @Nullable String snippet(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    String text = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8);
    return text.replaceAll("\\p{Cntrl}", " ").strip();
  }

  @Override
  public void close() {
    if (ownsTransport) {
      transport.close();
    }
  }

  @Override
  public String toString() {
    return "TransportService[" + Redaction.safeUrl(url) + "]";
  }
}

package io.phat4j.ai;

import java.util.List;

/**
 * One chat completion exactly as it crossed the wire: the request body bytes sent and the response
 * bytes received, which are what the server's signature covers.
 *
 * <p>For a streamed completion {@link #response()} is every SSE line received, each followed by
 * {@code \n}, and {@link #lines()} keeps the lines themselves.
 *
 * @param id the chat id ({@code id} of the completion, or of the first streamed chunk), for
 *     {@link ConfidentialAiClient#signature}
 * @param request the exact request body bytes
 * @param response the exact response bytes
 * @param lines the SSE lines as received (empty for a non-streamed completion)
 */
public record ChatExchange(String id, byte[] request, byte[] response, List<String> lines) {
  /** Copies the arrays and the list. */
  public ChatExchange {
    request = request.clone();
    response = response.clone();
    lines = List.copyOf(lines);
  }

  /**
   * Returns the request bytes.
   *
   * @return a copy
   */
  @Override
  public byte[] request() {
    return request.clone();
  }

  /**
   * Returns the response bytes.
   *
   * @return a copy
   */
  @Override
  public byte[] response() {
    return response.clone();
  }

  /**
   * Tells whether a signed text covers exactly this request and response.
   *
   * @param text the text from the signature
   * @return true when both SHA-256 hashes match
   */
  public boolean matches(SignedText text) {
    return text.matches(request, response);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatExchange c && id.equals(c.id) && java.util.Arrays.equals(request, c.request)
        && java.util.Arrays.equals(response, c.response) && lines.equals(c.lines);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + java.util.Arrays.hashCode(response);
  }

  @Override
  public String toString() {
    return "ChatExchange[" + id + ", request " + request.length + " bytes, response " + response.length + " bytes]";
  }
}

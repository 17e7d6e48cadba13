package io.phat4j.contracts.rollup;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A loopback HTTP proxy in front of a real node that can be switched off (answering 503), to see
 * how a client behaves while its RPC endpoint is down and after it comes back.
 */
final class FlakyRpcProxy implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger refused = new AtomicInteger();
  private final java.util.Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();

  FlakyRpcProxy(String upstream) throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (down.get()) {
          refused.incrementAndGet();
          return new MockResponse.Builder().code(503).body("node restarting").build();
        }
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        countMethod(body);
        Request forward = new Request.Builder().url(upstream)
            .post(RequestBody.create(body, MediaType.get("application/json"))).build();
        try (Response r = http.newCall(forward).execute()) {
          return new MockResponse.Builder().code(r.code())
              .addHeader("Content-Type", "application/json").body(r.body().string()).build();
        } catch (IOException e) {
          return new MockResponse.Builder().code(502).body(e.getClass().getSimpleName()).build();
        }
      }
    });
    server.start();
  }

  private void countMethod(String body) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"method\"\\s*:\\s*\"([a-zA-Z_]+)\"").matcher(body);
    while (m.find()) {
      calls.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet();
    }
  }

  /** How many times a JSON-RPC method was forwarded. */
  int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  String url() {
    return server.url("/").toString();
  }

  void setDown(boolean isDown) {
    down.set(isDown);
  }

  int refused() {
    return refused.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}

package io.phat4j.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerification;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.core.PhalaException;
import io.phat4j.core.json.PhalaJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * dstack-verifier's HTTP API on the JDK's HTTP server: {@code POST /verify} and {@code GET /health}.
 *
 * <p>Bounded: bodies over the cap get 413 without being read; at most {@code threads} verifications
 * run and as many wait, beyond that a request gets 503. A request dstack-verifier would refuse
 * (no quote, bad hex) gets its response shape with {@code is_valid: false} and the reason; a body
 * that is not JSON gets 400.
 */
final class VerifierServer {
  static final int DEFAULT_MAX_BODY = 1024 * 1024;

  private final HttpServer server;
  private final ThreadPoolExecutor pool;

  private VerifierServer(HttpServer server, ThreadPoolExecutor pool) {
    this.server = server;
    this.pool = pool;
  }

  static VerifierServer start(InetSocketAddress address, AppVerifier verifier, int threads, int maxBody) throws IOException {
    // The JDK server's own limits: a client that trickles its request or stalls reading the
    // response is cut off (seconds). Read once when the server class initialises.
    System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "30"));
    System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));
    // The semaphore admits at most 2 * threads requests, fewer than the pool's threads plus queue,
    // so the rejection policy never runs; it is there only as a fail-safe.
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 4),
        r -> {
          Thread t = new Thread(r, "serve-verifier");
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
    Semaphore admitted = new Semaphore(threads * 2);
    HttpServer server = HttpServer.create(address, 64);
    server.createContext("/verify", exchange -> {
      if (!admitted.tryAcquire()) {
        send(exchange, 503, "{\"error\":\"busy\"}");
        return;
      }
      try {
        verify(exchange, verifier, maxBody);
      } finally {
        admitted.release();
      }
    });
    server.createContext("/health", exchange -> {
      drain(exchange);
      send(exchange, 200, "{\"status\":\"ok\",\"service\":\"phat4j serve-verifier\"}");
    });
    server.setExecutor(pool);
    server.start();
    return new VerifierServer(server, pool);
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(1);
    pool.shutdownNow();
  }

  private static void verify(HttpExchange exchange, AppVerifier verifier, int maxBody) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      drain(exchange);
      exchange.getResponseHeaders().add("Allow", "POST");
      send(exchange, 405, "{\"error\":\"use POST\"}");
      return;
    }
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && tooLong(length, maxBody)) {
      send(exchange, 413, "{\"error\":\"body larger than " + maxBody + " bytes\"}");
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(maxBody + 1);
    }
    if (body.length > maxBody) {
      send(exchange, 413, "{\"error\":\"body larger than " + maxBody + " bytes\"}");
      return;
    }
    try {
      PhalaJson.readTree("request", body);
    } catch (PhalaException e) {
      send(exchange, 400, PhalaJson.writeString(java.util.Map.of("error", "the body is not JSON: " + e.getMessage())));
      return;
    }
    String response;
    try {
      AppEvidence evidence = AppEvidence.fromVerifierRequest(body);
      AppVerification v = verifier.verify(evidence, AppPolicy.defaults());
      response = v.toJson();
    } catch (PhalaException | IllegalArgumentException e) {
      response = AppVerification.unusableRequestJson("Invalid request: " + e.getMessage());
    }
    send(exchange, 200, response);
  }

  private static boolean tooLong(String length, int max) {
    try {
      return Long.parseLong(length.trim()) > max;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static void drain(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readNBytes(64 * 1024);
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    exchange.close();
  }
}

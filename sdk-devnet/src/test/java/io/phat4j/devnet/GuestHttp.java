package io.phat4j.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Raw HTTP calls to a guest agent, for the wire-level tests. */
final class GuestHttp {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;

  GuestHttp(URI base) {
    this.base = base;
  }

  record Answer(int status, JsonNode body) {}

  JsonNode call(String method, String json) {
    Answer a = post(method, json);
    if (a.status() != 200) {
      throw new AssertionError(method + " answered " + a.status() + ": " + a.body());
    }
    return a.body();
  }

  Answer callExpectingError(String method, String json) {
    Answer a = post(method, json);
    if (a.status() == 200) {
      throw new AssertionError(method + " unexpectedly succeeded: " + a.body());
    }
    return a;
  }

  Answer post(String method, String json) {
    Request request = new Request.Builder().url(base + "/" + method)
        .post(RequestBody.create(json, MediaType.get("application/json"))).build();
    try (Response response = HTTP.newCall(request).execute()) {
      String text = response.body().string();
      return new Answer(response.code(), text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

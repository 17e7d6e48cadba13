package io.phat4j.contracts.cloud;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.core.AppId;
import io.phat4j.core.PhalaException;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what the Phala Cloud client reads from the server: JSON answers and error bodies of the
 * API calls, the Server-Sent Events state stream, and webhook deliveries. Answers come from an
 * OkHttp interceptor that plays the fuzzed status and body, so the real transport and client code
 * decode them without a socket.
 */
class CloudFuzzTest {
  private static final CvmId CVM = CvmId.of("my-secret-app");
  private static final AppId APP = AppId.fromHex("ea549f02e1a25fabd1cb788380e033ec5461b2ff");
  private static final int[] STATUSES = {200, 201, 202, 204, 400, 401, 403, 404, 409, 422, 429, 465, 500, 503};
  private static final List<Consumer<PhalaCloudClient>> CALLS =
      List.of(
          c -> c.cvms().info(CVM),
          c -> c.cvms().list(1, 10),
          c -> c.cvms().composeFile(CVM),
          c -> c.cvms().state(CVM),
          c -> c.cvms().attestation(CVM),
          c -> c.cvms().stats(CVM),
          c -> c.cvms().network(CVM),
          c -> c.cvms().containers(CVM),
          c -> c.cvms().start(CVM),
          c -> c.cvms().availableOsImages(CVM),
          c -> c.cvms().userConfig(CVM),
          c -> c.cvms().dockerCompose(CVM),
          c -> c.apps().info(APP),
          c -> c.apps().cvms(APP),
          c -> c.apps().attestations(APP),
          c -> c.apps().revisions(APP, 1, 10),
          c -> c.apps().deviceAllowlist(APP),
          c -> c.kms().envEncryptPublicKey("kms-1", APP),
          c -> c.kms().list(1, 10, null),
          c -> c.kms().nextAppIds(2),
          c -> c.account().currentUser(),
          c -> c.account().availableNodes(),
          c -> c.account().instanceTypeFamilies(),
          c -> c.kms().contracts(1, 10, null),
          c -> c.kms().contract("phala"),
          c -> c.cvms().statusBatch(List.of("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f")));

  private static final String WEBHOOK_SECRET = "whsec_phat4j_test_0123456789";
  private static final long WEBHOOK_TIME = 1_769_000_000L;
  private static final WebhookVerifier WEBHOOK =
      WebhookVerifier.create(
          SecretString.of(WEBHOOK_SECRET),
          Duration.ofMinutes(5),
          Clock.fixed(Instant.ofEpochSecond(WEBHOOK_TIME + 120), ZoneOffset.UTC));

  /** The answer the interceptor plays next (fuzz tests run on one thread). */
  private static int status;
  private static byte[] body = new byte[0];
  private static String contentType = "application/json";

  private static final PhalaCloudClient CLIENT =
      PhalaCloudClient.builder()
          .baseUrl("https://cloud-api.invalid/api/v1")
          .apiKey("phak_fuzz")
          .environment(name -> null)
          .retryPolicy(RetryPolicy.none())
          .okHttpClient(
              new OkHttpClient.Builder()
                  .addInterceptor(
                      chain ->
                          new Response.Builder()
                              .request(chain.request())
                              .protocol(Protocol.HTTP_1_1)
                              .code(status)
                              .message("fuzz")
                              .body(ResponseBody.create(body, MediaType.get(contentType)))
                              .build())
                  .build())
          .build();

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void responses(FuzzedDataProvider data) {
    Consumer<PhalaCloudClient> call = CALLS.get(data.consumeInt(0, CALLS.size() - 1));
    status = STATUSES[data.consumeInt(0, STATUSES.length - 1)];
    contentType = "application/json";
    body = data.consumeRemainingAsBytes();
    try {
      call.accept(CLIENT);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void stateStream(FuzzedDataProvider data) {
    status = 200;
    contentType = "text/event-stream";
    body = data.consumeRemainingAsBytes();
    try {
      CLIENT.cvms().watchState(CVM, "running", Duration.ofSeconds(5), Duration.ofSeconds(60), s -> s.status().is(CvmStatus.Kind.RUNNING));
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void webhook(FuzzedDataProvider data) throws GeneralSecurityException {
    boolean fuzzHeaders = data.consumeBoolean();
    String timestamp = fuzzHeaders ? data.consumeString(16) : Long.toString(WEBHOOK_TIME);
    String signature = fuzzHeaders ? data.consumeString(80) : null;
    byte[] delivery = data.consumeRemainingAsBytes();
    // A correct signature lets the fuzzed body reach the event parser.
    String header = signature != null ? signature : "sha256=" + hmac(timestamp, delivery);
    Map<String, String> headers = Map.of("X-Webhook-Timestamp", timestamp, "X-Webhook-Signature", header);
    try {
      WEBHOOK.parse(headers::get, delivery);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  private static String hmac(String timestamp, byte[] delivery) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(mac.doFinal(delivery));
  }
}

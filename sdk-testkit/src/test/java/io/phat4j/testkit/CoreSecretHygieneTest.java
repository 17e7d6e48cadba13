package io.phat4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.phat4j.core.Hex;
import io.phat4j.core.SecretBytes;
import io.phat4j.core.SecretString;
import io.phat4j.core.crypto.DotEnv;
import io.phat4j.core.crypto.EncryptedEnv;
import io.phat4j.core.crypto.EnvDecryptor;
import io.phat4j.core.crypto.EnvEncryptor;
import io.phat4j.core.crypto.EnvKeySigner;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.crypto.InputOpener;
import io.phat4j.core.crypto.InputSealer;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.crypto.X25519PrivateKey;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import io.phat4j.core.http.WireLogLevel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/**
 * Every public sdk-core type that holds a secret, plus the wire log at its most verbose level over
 * a real loopback exchange: {@code toString()}, the messages of the failures each type can raise,
 * and the captured SLF4J output must not contain any secret, raw, hex or base64.
 */
class CoreSecretHygieneTest {
  private static final String ENV_VALUE = "env-VALUE-do-not-print-7f3a";
  private static final String DOTENV_VALUE = "dotenv-VALUE-do-not-print-19c2";
  private static final String BEARER = "bearer-TOKEN-do-not-print-44d1";
  private static final String API_KEY = "apikey-do-not-print-8b0e";
  private static final String QUERY_TOKEN = "query-TOKEN-do-not-print-2a77";
  private static final String COOKIE = "cookie-do-not-print-c0ffee";
  private static final String CUSTOM = "custom-header-do-not-print-5150";
  private static final String TRANSPORT_REDACTED = "transport-redacted-do-not-log-6060";
  private static final String SENSITIVE_BODY = "sensitive-BODY-do-not-print-9d9d";

  private final X25519PrivateKey x25519 = X25519PrivateKey.generate();
  private final Secp256k1PrivateKey secp256k1 = Secp256k1PrivateKey.generate();
  private final byte[] secretBytes = Hex.decode("secret", "00112233445566778899aabbccddeeff0f1e2d3c4b5a6978");

  private SecretScanner scanner() {
    return new SecretScanner()
        .secret("x25519 private key", x25519.secret().revealBytes())
        .secret("secp256k1 private key", secp256k1.secret().revealBytes())
        .secret("secret bytes", secretBytes)
        .secret("env value", ENV_VALUE)
        .secret("dotenv value", DOTENV_VALUE)
        .secret("bearer token", BEARER)
        .secret("api key", API_KEY)
        .secret("query token", QUERY_TOKEN)
        .secret("cookie", COOKIE)
        .secret("custom secret header", CUSTOM)
        .secret("transport-redacted header", TRANSPORT_REDACTED)
        .secret("sensitive body", SENSITIVE_BODY);
  }

  @Test
  void keysAndSecretValues_toStringAndFailures_leakNothing() {
    SecretScanner s = scanner();
    String keyHex = Hex.encode(x25519.secret().revealBytes());

    s.assertClean("SecretBytes", SecretBytes.copyOf(secretBytes).toString());
    s.assertClean("SecretString", SecretString.of(ENV_VALUE).toString());
    s.assertClean("X25519PrivateKey", x25519.toString());
    s.assertClean("X25519 public key", x25519.publicKey().toString());
    s.assertClean("Secp256k1PrivateKey", secp256k1.toString());
    s.assertClean("EnvKeySigner", EnvKeySigner.create(secp256k1).toString());
    s.assertClean("EnvDecryptor", EnvDecryptor.create(x25519).toString());
    s.assertClean("InputOpener", InputOpener.create(x25519).toString());

    // Malformed secrets: the parse errors must describe, not echo.
    s.assertClean("X25519PrivateKey.fromHex(too long)", catchThrowable(() -> X25519PrivateKey.fromHex(keyHex + "00")));
    s.assertClean("X25519PrivateKey.fromHex(odd)", catchThrowable(() -> X25519PrivateKey.fromHex(keyHex + "0")));
    s.assertClean("X25519PrivateKey.of(short)",
        catchThrowable(() -> X25519PrivateKey.of(java.util.Arrays.copyOf(x25519.secret().revealBytes(), 31))));
    s.assertClean("Secp256k1PrivateKey.fromHex(too long)",
        catchThrowable(() -> Secp256k1PrivateKey.fromHex(Hex.encode(secp256k1.secret().revealBytes()) + "00")));
    s.assertClean("Secp256k1PrivateKey.of(out of range)", catchThrowable(() -> Secp256k1PrivateKey.of(ff(32))));
    s.assertClean("SecretBytes.fromHex(wrong length)",
        catchThrowable(() -> SecretBytes.fromHex("seed", Hex.encode(secretBytes), 16)));
  }

  @Test
  void envValues_toStringEncryptionAndFailures_leakNothing() {
    SecretScanner s = scanner();
    List<EnvVar> env = List.of(EnvVar.of("API_TOKEN", ENV_VALUE));
    s.assertClean("EnvVar", env.get(0).toString());
    s.assertClean("List<EnvVar>", env.toString());

    List<EnvVar> parsed = DotEnv.parse("# comment\nDB_PASSWORD=\"" + DOTENV_VALUE + "\"\n");
    assertThat(parsed.get(0).value().reveal()).isEqualTo(DOTENV_VALUE);
    s.assertClean("DotEnv.parse result", parsed.toString());
    s.assertClean("DotEnv.parse(no '=')", catchThrowable(() -> DotEnv.parse("A=1\n" + DOTENV_VALUE + "\n")));
    s.assertClean("DotEnv.parse(empty key)", catchThrowable(() -> DotEnv.parse("=" + DOTENV_VALUE + "\n")));
    s.assertClean("DotEnv.assignment(no '=')", catchThrowable(() -> DotEnv.assignment(DOTENV_VALUE, "argument 1")));

    EnvEncryptor encryptor = EnvEncryptor.create(x25519.publicKey(), Set.of("API_TOKEN"));
    s.assertClean("EnvEncryptor", encryptor.toString());
    EncryptedEnv sealed = encryptor.encrypt(env);
    s.assertClean("EncryptedEnv", sealed.toString());
    s.assertClean("EnvEncryptor(duplicate key)", catchThrowable(
        () -> encryptor.encrypt(List.of(EnvVar.of("API_TOKEN", ENV_VALUE), EnvVar.of("API_TOKEN", DOTENV_VALUE)))));
    s.assertClean("EnvEncryptor(key not allowed)",
        catchThrowable(() -> encryptor.encrypt(List.of(EnvVar.of("OTHER", ENV_VALUE)))));

    assertThat(EnvDecryptor.create(x25519).decrypt(sealed).get(0).value().reveal()).isEqualTo(ENV_VALUE);
    List<EnvVar> decrypted = EnvDecryptor.create(x25519).decrypt(sealed);
    s.assertClean("decrypted env", decrypted.toString());
    byte[] tampered = sealed.toByteArray();
    tampered[tampered.length - 1] ^= 1;
    s.assertClean("EnvDecryptor(tampered)", catchThrowable(() -> EnvDecryptor.create(x25519).decrypt(tampered)));
    s.assertClean("EnvDecryptor(wrong key)",
        catchThrowable(() -> EnvDecryptor.create(X25519PrivateKey.generate()).decrypt(sealed)));
  }

  @Test
  void hpkeInputs_openingFailures_leakNothing() {
    SecretScanner s = scanner();
    byte[] info = "phat4j test".getBytes(StandardCharsets.UTF_8);
    byte[] plaintext = SENSITIVE_BODY.getBytes(StandardCharsets.UTF_8);
    byte[] sealed = InputSealer.create(x25519.publicKey()).seal(plaintext, info, new byte[0]).toByteArray();
    assertThat(InputOpener.create(x25519).open(sealed, info, new byte[0])).isEqualTo(plaintext);
    sealed[sealed.length - 1] ^= 1;
    s.assertClean("InputOpener(tampered)", catchThrowable(() -> InputOpener.create(x25519).open(sealed, info, new byte[0])));
    s.assertClean("InputOpener(wrong key)",
        catchThrowable(() -> InputOpener.create(X25519PrivateKey.generate()).open(sealed, info, new byte[0])));
    s.assertClean("InputOpener(short)", catchThrowable(() -> InputOpener.create(x25519).open(new byte[3], info, new byte[0])));
  }

  @Test
  void wireLogAtBodyLevel_realExchangeAndFailure_logsNoSecret() throws Exception {
    SecretScanner s = scanner();
    try (MockWebServer server = new MockWebServer();
        CapturedStderr log = CapturedStderr.start()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .addHeader("Set-Cookie", "session=" + COOKIE).body("{\"ok\":true}").build());
      server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body("{\"echo\":\"" + SENSITIVE_BODY + "\"}").build());
      // OkHttp repeats a GET once by itself after a reset; give it nothing but resets.
      for (int i = 0; i < 3; i++) {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
      }
      try (HttpTransport http = HttpTransport.builder().wireLogging(WireLogLevel.BODY)
          .redactHeader("X-Transport-Secret").retryPolicy(RetryPolicy.none()).build()) {
        s.assertClean("HttpTransport", http.toString());
        URI url = server.url("/api/v1/things?token=" + QUERY_TOKEN).uri();
        HttpRequest request = HttpRequest.builder("GET", url)
            .header("Authorization", "Bearer " + BEARER)
            .header("X-API-Key", API_KEY)
            .header("Cookie", "session=" + COOKIE)
            .secretHeader("X-Custom-Secret", CUSTOM)
            .header("X-Transport-Secret", TRANSPORT_REDACTED)
            .build();
        // A header only the transport knows to be secret is masked in its log, not in the request's
        // own toString(): declare per-request secrets with secretHeader.
        new SecretScanner().secret("custom secret header", CUSTOM).secret("api key", API_KEY)
            .secret("bearer token", BEARER).secret("cookie", COOKIE).secret("query token", QUERY_TOKEN)
            .assertClean("HttpRequest", request.toString());
        HttpResponse response = http.execute(request);
        s.assertClean("HttpResponse", response.toString());
        // A body flagged sensitive is never logged, in either direction.
        HttpRequest sensitive = HttpRequest.builder("POST", server.url("/api/v1/secret").uri())
            .body("{\"value\":\"" + SENSITIVE_BODY + "\"}", "application/json")
            .sensitiveBody(true)
            .build();
        assertThat(http.execute(sensitive).bodyAsString()).contains(SENSITIVE_BODY);
        s.assertClean("transport failure", catchThrowable(() -> http.execute(request)));
      }
      String text = log.text();
      // The capture must have seen the exchange, or a clean result would mean nothing.
      assertThat(text).contains("/api/██/██").contains("X-API-Key").contains("X-Transport-Secret")
          .contains("{\"ok\":true}");
      s.assertClean("captured wire log", text);
    }
  }

  private static byte[] ff(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 0xff);
    return b;
  }
}

package io.phat4j.cli;

import io.phat4j.contracts.cloud.ApiVersion;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** What the Phala Cloud commands share: the API version option and where the API key comes from. */
final class CloudOptions {
  /** An API key file larger than this is not a key; reading stops there. */
  static final int MAX_API_KEY_FILE = 4096;

  private CloudOptions() {}

  static ApiVersion version(@Nullable String value) {
    if (value == null) {
      return ApiVersion.DEFAULT;
    }
    try {
      return ApiVersion.parse(value);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--api-version: " + e.getMessage());
    }
  }

  /**
   * The API key, from the first source given: {@code --api-key}, {@code --api-key-file}, then
   * {@code PHALA_CLOUD_API_KEY}. Returns {@code null} when none is given.
   */
  static @Nullable String apiKey(
      @Nullable String argument, @Nullable Path file, Function<String, @Nullable String> env) {
    if (argument != null && file != null) {
      throw CliException.usage("give --api-key or --api-key-file, not both");
    }
    if (argument != null) {
      return nonBlank(argument.strip(), "--api-key");
    }
    if (file != null) {
      return nonBlank(readKeyFile(file).strip(), "--api-key-file " + file);
    }
    String fromEnv = env.apply(PhalaCloudClient.API_KEY_ENV);
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
  }

  private static String nonBlank(String key, String where) {
    if (key.isEmpty()) {
      throw CliException.usage(where + " is empty");
    }
    return key;
  }

  private static String readKeyFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_API_KEY_FILE + 1);
      if (bytes.length > MAX_API_KEY_FILE) {
        throw CliException.usage(
            "--api-key-file " + file + " is larger than " + MAX_API_KEY_FILE + " bytes: not an API key");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.usage("cannot read --api-key-file " + file + ": " + e.getClass().getSimpleName());
    }
  }
}

package io.phat4j.attestation.dcap.internal;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.CryptoBackendInfo;
import io.phat4j.attestation.dcap.NativeCryptoUnavailableException;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a {@link CryptoBackend} choice to a backend. Loading the native library and its
 * self-test happen once per library path per JVM; the outcome (a backend or the reason there is
 * none) is remembered.
 */
public final class CryptoBackends {
  private static final Logger LOG = LoggerFactory.getLogger(CryptoBackends.class);
  private static final String DEFAULT_PATH_KEY = "";
  private static final ConcurrentHashMap<String, Outcome> LOADED = new ConcurrentHashMap<>();
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  private CryptoBackends() {}

  /** A chosen backend and the description of the choice. */
  public record Resolved(EcdsaBackend backend, CryptoBackendInfo info) {}

  /** Either a loaded native backend or why it could not be loaded. */
  private record Outcome(@Nullable EcdsaBackend backend, @Nullable String failure, @Nullable Throwable cause) {}

  /**
   * Resolves a choice.
   *
   * @param choice the requested backend
   * @param libraryPath an explicit libcrypto path, or {@code null} for the system property or the platform default
   * @return the backend to use
   * @throws NativeCryptoUnavailableException if {@link CryptoBackend#NATIVE} was asked for and is unavailable
   */
  public static Resolved resolve(CryptoBackend choice, @Nullable String libraryPath) {
    if (choice == CryptoBackend.PURE_JAVA) {
      return new Resolved(PureJavaBackend.INSTANCE,
          new CryptoBackendInfo(choice, PureJavaBackend.INSTANCE.description(), false, null));
    }
    String path = libraryPath != null ? libraryPath : System.getProperty(CryptoBackend.LIBCRYPTO_PROPERTY);
    if (path != null && path.isBlank()) {
      path = null;
    }
    String effectivePath = path;
    Outcome o = LOADED.computeIfAbsent(path == null ? DEFAULT_PATH_KEY : path, k -> load(effectivePath));
    if (o.backend() != null) {
      return new Resolved(o.backend(), new CryptoBackendInfo(choice, o.backend().description(), true, null));
    }
    String why = o.failure();
    if (choice == CryptoBackend.NATIVE) {
      throw new NativeCryptoUnavailableException("native crypto backend is unavailable: " + why, o.cause());
    }
    if (LOGGED.add(String.valueOf(why))) {
      LOG.debug("phat4j: native crypto backend unavailable, using pure Java: {}", why);
    }
    return new Resolved(PureJavaBackend.INSTANCE,
        new CryptoBackendInfo(choice, PureJavaBackend.INSTANCE.description(), false, why));
  }

  private static Outcome load(@Nullable String path) {
    Iterator<EcdsaBackendProvider> it = ServiceLoader.load(EcdsaBackendProvider.class, CryptoBackends.class.getClassLoader())
        .iterator();
    try {
      if (!it.hasNext()) {
        return new Outcome(null, "the phat4j-attestation-native artifact is not on the class path", null);
      }
      EcdsaBackendProvider provider = it.next();
      EcdsaBackend backend = provider.load(path);
      LOG.debug("phat4j: using native crypto backend {}", backend.description());
      return new Outcome(backend, null, null);
    } catch (ServiceConfigurationError | LinkageError e) {
      // A provider compiled for Java 22+ on an older runtime, or a missing FFM permission.
      return new Outcome(null, "the native backend cannot run on Java " + Runtime.version().feature()
          + " (needs Java 22+): " + e, e);
    } catch (Exception e) {
      return new Outcome(null, String.valueOf(e.getMessage()), e);
    }
  }
}

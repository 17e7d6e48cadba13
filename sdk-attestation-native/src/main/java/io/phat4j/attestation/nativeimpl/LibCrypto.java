package io.phat4j.attestation.nativeimpl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The handful of OpenSSL 3 libcrypto functions the backend calls, bound once. */
final class LibCrypto {
  private static final Linker LINKER = Linker.nativeLinker();
  // size_t is 64-bit on every platform OpenSSL 3 ships for with a 64-bit JVM.
  private static final java.lang.foreign.ValueLayout.OfLong SIZE_T = JAVA_LONG;

  final String location;
  final String version;
  final MethodHandle evpPkeyCtxNewFromName;
  final MethodHandle evpPkeyCtxFree;
  final MethodHandle evpPkeyFromdataInit;
  final MethodHandle evpPkeyFromdata;
  final MethodHandle evpPkeyFree;
  final MethodHandle evpPkeyCtxNew;
  final MethodHandle evpPkeyVerifyInit;
  final MethodHandle evpPkeyVerify;
  final MethodHandle evpDigest;
  final MethodHandle errClearError;
  final MemorySegment sha256;
  final MemorySegment sha384;

  private LibCrypto(SymbolLookup lib, String location) {
    this.location = location;
    MethodHandle versionNum = bind(lib, "OpenSSL_version_num", FunctionDescriptor.of(JAVA_LONG));
    long num;
    try {
      num = (long) versionNum.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("OpenSSL_version_num failed", t);
    }
    if ((num >>> 28) < 3) {
      throw new IllegalStateException(location + " is OpenSSL " + Long.toHexString(num) + ", need 3.x or later");
    }
    MethodHandle versionText = bind(lib, "OpenSSL_version", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    try {
      MemorySegment p = (MemorySegment) versionText.invokeExact(0);
      this.version = p.reinterpret(256).getString(0);
    } catch (Throwable t) {
      throw new IllegalStateException("OpenSSL_version failed", t);
    }
    evpPkeyCtxNewFromName = bind(lib, "EVP_PKEY_CTX_new_from_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    evpPkeyCtxFree = bind(lib, "EVP_PKEY_CTX_free", FunctionDescriptor.ofVoid(ADDRESS));
    evpPkeyFromdataInit = bind(lib, "EVP_PKEY_fromdata_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    evpPkeyFromdata = bind(lib, "EVP_PKEY_fromdata", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    evpPkeyFree = bind(lib, "EVP_PKEY_free", FunctionDescriptor.ofVoid(ADDRESS));
    evpPkeyCtxNew = bind(lib, "EVP_PKEY_CTX_new", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    evpPkeyVerifyInit = bind(lib, "EVP_PKEY_verify_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    evpPkeyVerify = bind(lib, "EVP_PKEY_verify",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, SIZE_T, ADDRESS, SIZE_T));
    evpDigest = bind(lib, "EVP_Digest",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    errClearError = bind(lib, "ERR_clear_error", FunctionDescriptor.ofVoid());
    MethodHandle evpSha256 = bind(lib, "EVP_sha256", FunctionDescriptor.of(ADDRESS));
    MethodHandle evpSha384 = bind(lib, "EVP_sha384", FunctionDescriptor.of(ADDRESS));
    try {
      sha256 = (MemorySegment) evpSha256.invokeExact();
      sha384 = (MemorySegment) evpSha384.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("EVP_sha256/EVP_sha384 failed", t);
    }
    if (sha256.equals(MemorySegment.NULL) || sha384.equals(MemorySegment.NULL)) {
      throw new IllegalStateException("EVP_sha256/EVP_sha384 returned NULL");
    }
  }

  /**
   * Loads libcrypto from an explicit file, or by the platform's usual names.
   *
   * @throws IllegalStateException naming what was tried
   */
  static LibCrypto load(@Nullable String explicitPath) {
    if (explicitPath != null) {
      Path p = Path.of(explicitPath);
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException("libcrypto not found at " + explicitPath);
      }
      return new LibCrypto(lookup(p.toAbsolutePath().toString(), true), explicitPath);
    }
    List<String> tried = new ArrayList<>();
    for (String candidate : candidates()) {
      tried.add(candidate);
      SymbolLookup lib;
      try {
        lib = lookup(candidate, candidate.contains("/") || candidate.contains("\\"));
      } catch (IllegalArgumentException e) {
        continue;
      }
      return new LibCrypto(lib, candidate);
    }
    throw new IllegalStateException("OpenSSL 3 libcrypto not found (tried " + String.join(", ", tried)
        + "); install OpenSSL 3 or set -Dphat4j.crypto.libcrypto=/path/to/libcrypto");
  }

  private static SymbolLookup lookup(String nameOrPath, boolean isPath) {
    // The global arena: a loaded library stays loaded, like System.loadLibrary.
    return isPath
        ? SymbolLookup.libraryLookup(Path.of(nameOrPath), Arena.global())
        : SymbolLookup.libraryLookup(nameOrPath, Arena.global());
  }

  /** The names and paths OpenSSL 3 libcrypto has on each platform, most likely first. */
  static List<String> candidates() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("win")) {
      return List.of("libcrypto-3-x64.dll", "libcrypto-3.dll");
    }
    if (os.contains("mac") || os.contains("darwin")) {
      return List.of(
          "/opt/homebrew/opt/openssl@3/lib/libcrypto.3.dylib",
          "/usr/local/opt/openssl@3/lib/libcrypto.3.dylib",
          "/opt/local/lib/libcrypto.3.dylib",
          "libcrypto.3.dylib");
    }
    return List.of("libcrypto.so.3");
  }

  private static MethodHandle bind(SymbolLookup lib, String name, FunctionDescriptor fd) {
    MemorySegment addr = lib.find(name)
        .orElseThrow(() -> new IllegalStateException("libcrypto has no symbol " + name));
    return LINKER.downcallHandle(addr, fd);
  }
}

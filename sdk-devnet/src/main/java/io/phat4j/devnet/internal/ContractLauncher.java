package io.phat4j.devnet.internal;

import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.offchain.ContractContext;
import io.phat4j.core.offchain.OffchainContract;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link OffchainContract} bound to one of a compose's service images, in process, on its
 * own thread: a fresh instance per boot, with the CVM's env and a guest client pointed at its agent.
 */
public final class ContractLauncher implements AppLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(ContractLauncher.class);
  private static final Pattern IMAGE = Pattern.compile("(?m)^\\s*image:\\s*[\"']?([^\"'\\s#]+)");

  private final Map<String, Supplier<? extends OffchainContract>> bindings;
  private final @Nullable URI chainRpcUrl;

  /**
   * Creates the launcher.
   *
   * @param bindings image reference (with or without tag) to contract factory
   * @param chainRpcUrl the chain endpoint to hand contracts, or null
   */
  public ContractLauncher(Map<String, Supplier<? extends OffchainContract>> bindings, @Nullable URI chainRpcUrl) {
    this.bindings = Map.copyOf(bindings);
    this.chainRpcUrl = chainRpcUrl;
  }

  /**
   * Lists the service images of a compose file.
   *
   * @param compose the docker-compose YAML
   * @return the image references, in order
   */
  static List<String> images(String compose) {
    List<String> out = new ArrayList<>();
    Matcher m = IMAGE.matcher(compose);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private @Nullable Supplier<? extends OffchainContract> bound(String image) {
    Supplier<? extends OffchainContract> exact = bindings.get(image);
    if (exact != null) {
      return exact;
    }
    String name = image;
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      name = name.substring(0, colon);
    }
    return bindings.get(name);
  }

  @Override
  public @Nullable RunningApp launch(Cvm cvm, Map<String, String> env, URI guestAgent) {
    for (String image : images(cvm.app().dockerComposeFile())) {
      Supplier<? extends OffchainContract> factory = bound(image);
      if (factory != null) {
        return start(cvm, image, factory.get(), env, guestAgent);
      }
    }
    return null;
  }

  private RunningApp start(Cvm cvm, String image, OffchainContract contract, Map<String, String> env, URI agent) {
    DstackGuestClient guest = DstackGuestClient.builder().endpoint(agent.toString()).build();
    ContractContext ctx = ContractContext.of(env, guest, chainRpcUrl);
    Running running = new Running(ctx, guest);
    running.thread = Thread.ofVirtual().name("devnet-app-" + cvm.app().name()).start(() -> {
      try {
        contract.run(ctx);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException | Error e) {
        if (!ctx.stopRequested()) {
          LOG.warn("devnet app {} ({}) failed", cvm.app().name(), image, e);
          running.failure = e.getClass().getName() + ": " + e.getMessage();
        }
      }
    });
    LOG.debug("devnet app {} started {} for image {}", cvm.app().name(), contract.getClass().getName(), image);
    return running;
  }

  private static final class Running implements RunningApp {
    private static final Duration GRACE = Duration.ofSeconds(3);
    private final ContractContext ctx;
    private final DstackGuestClient guest;
    private volatile @Nullable Thread thread;
    private volatile @Nullable String failure;

    Running(ContractContext ctx, DstackGuestClient guest) {
      this.ctx = ctx;
      this.guest = guest;
    }

    @Override
    public void stop() {
      // Like docker stop: ask first, interrupt only if the contract ignores the request.
      ctx.requestStop();
      Thread t = thread;
      try {
        if (t != null && !t.join(GRACE)) {
          t.interrupt();
          t.join(GRACE);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      guest.close();
    }

    @Override
    public @Nullable String failure() {
      return failure;
    }
  }
}

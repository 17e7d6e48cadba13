package io.phat4j.core.dstack.guest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes sockets that connect to one Unix domain socket path whatever address OkHttp asks for, so
 * the ordinary OkHttp stack (and with it {@code HttpTransport}) can speak HTTP/1.1 to the guest
 * agent.
 *
 * <p>The JDK only offers Unix domain sockets as {@link SocketChannel}s; the {@link Socket} handed
 * to OkHttp wraps one. Its streams block without a read timeout of their own: OkHttp's watchdog
 * closes the socket when a timeout expires, which ends a blocked read. The client using this
 * factory must not pool connections, because OkHttp's idle-connection probe relies on a 1 ms
 * socket read timeout that a blocking channel cannot honour.
 */
public final class UnixSocketFactory extends SocketFactory {
  private final Path path;

  /**
   * Creates a factory for one socket path.
   *
   * @param path the Unix domain socket
   */
  public UnixSocketFactory(Path path) {
    this.path = Objects.requireNonNull(path, "path");
  }

  @Override
  public Socket createSocket() {
    return new UnixSocket(path);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected();
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected();
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected();
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected();
  }

  private Socket connected() throws IOException {
    Socket socket = new UnixSocket(path);
    socket.connect(null);
    return socket;
  }

  /** A {@link Socket} face on a Unix domain {@link SocketChannel}. */
  private static final class UnixSocket extends Socket {
    private final Path path;
    private volatile @Nullable SocketChannel channel;
    private volatile @Nullable InputStream in;
    private volatile @Nullable OutputStream out;
    private volatile boolean closed;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private volatile int soTimeout;

    UnixSocket(Path path) {
      this.path = path;
    }

    @Override
    public void connect(@Nullable SocketAddress ignored) throws IOException {
      connect(ignored, 0);
    }

    @Override
    public void connect(@Nullable SocketAddress ignored, int timeout) throws IOException {
      if (closed) {
        throw new SocketException("socket is closed");
      }
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        // A local connect either succeeds or fails at once; there is nothing to time out.
        ch.connect(UnixDomainSocketAddress.of(path));
      } catch (IOException e) {
        ch.close();
        ConnectException failure =
            new ConnectException("cannot connect to Unix socket " + path + ": " + e.getMessage());
        failure.initCause(e);
        throw failure;
      }
      channel = ch;
      in = Channels.newInputStream(ch);
      out = Channels.newOutputStream(ch);
    }

    @Override
    public InputStream getInputStream() throws IOException {
      InputStream stream = in;
      if (stream == null) {
        throw new SocketException("socket is not connected");
      }
      return stream;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      OutputStream stream = out;
      if (stream == null) {
        throw new SocketException("socket is not connected");
      }
      return stream;
    }

    @Override
    public boolean isConnected() {
      return channel != null;
    }

    @Override
    public boolean isBound() {
      return channel != null;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public synchronized void close() throws IOException {
      closed = true;
      SocketChannel ch = channel;
      if (ch != null) {
        ch.close();
      }
    }

    @Override
    public void shutdownInput() throws IOException {
      SocketChannel ch = channel;
      if (ch != null) {
        ch.shutdownInput();
      }
      inputShutdown = true;
    }

    @Override
    public void shutdownOutput() throws IOException {
      SocketChannel ch = channel;
      if (ch != null) {
        ch.shutdownOutput();
      }
      outputShutdown = true;
    }

    @Override
    public boolean isInputShutdown() {
      return inputShutdown;
    }

    @Override
    public boolean isOutputShutdown() {
      return outputShutdown;
    }

    @Override
    public void setSoTimeout(int timeout) {
      // Recorded only; see the class comment for how timeouts are enforced.
      this.soTimeout = timeout;
    }

    @Override
    public int getSoTimeout() {
      return soTimeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
      // Not a TCP socket: nothing to tune.
    }

    @Override
    public boolean getTcpNoDelay() {
      return true;
    }

    @Override
    public InetAddress getInetAddress() {
      return InetAddress.getLoopbackAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
      return InetAddress.getLoopbackAddress();
    }

    @Override
    public @Nullable SocketAddress getRemoteSocketAddress() {
      return channel == null ? null : UnixDomainSocketAddress.of(path);
    }

    @Override
    public String toString() {
      return "UnixSocket[" + path + (closed ? ", closed" : "") + "]";
    }
  }
}

package io.wagate.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Chooses the ports of the local run: the one asked for when it is free, else any free one. */
public final class Ports {

  /** The address every server of the local run listens on. */
  public static final String HOST = "127.0.0.1";

  private Ports() {}

  /**
   * A port chosen for a server.
   *
   * @param port the port to listen on
   * @param requested the port that was asked for; 0 means any
   */
  public record Choice(int port, int requested) {

    /** Whether the requested port was taken, so another one was chosen. */
    public boolean fellBack() {
      return requested != 0 && port != requested;
    }
  }

  /**
   * The requested port when nothing listens on it, otherwise (and for 0) a free port. Another
   * process may still take it before the server binds it; the server's start then fails, naming the
   * port.
   *
   * @param requested the port asked for, 0 for any
   * @return the choice
   */
  public static Choice choose(int requested) {
    if (requested < 0 || requested > 65_535) {
      throw new IllegalArgumentException("a port is between 0 and 65535, got " + requested);
    }
    if (requested != 0 && isFree(requested)) {
      return new Choice(requested, requested);
    }
    return new Choice(freePort(), requested);
  }

  /** Whether a server could listen on {@code port} of {@link #HOST} now. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // Probe as the servers bind (Kafka, Jetty and the JDK's server all set SO_REUSEADDR), so
      // that a port a moment ago closed, still in TIME_WAIT, counts as free, as it is for them.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(HOST, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(HOST, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + HOST, e);
    }
  }
}

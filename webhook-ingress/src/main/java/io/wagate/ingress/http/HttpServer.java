package io.wagate.ingress.http;

import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty server around the ingress's handler. Stopping it is graceful: the connector stops
 * accepting connections, requests already in flight run to their answer (up to the shutdown
 * timeout) and new requests on open connections get 503.
 */
public final class HttpServer implements AutoCloseable {

  private final Server server;
  private final int port;

  private HttpServer(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts a server.
   *
   * @param handler the handler of every request
   * @param host the address to listen on
   * @param port the port; 0 picks a free one
   * @param idleTimeout how long a connection may stay silent, also while a body arrives
   * @param shutdownTimeout how long in-flight requests may take to finish on stop
   * @return the running server
   * @throws Exception when it cannot start, e.g. the port is taken
   */
  public static HttpServer start(
      Handler handler, String host, int port, Duration idleTimeout, Duration shutdownTimeout)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("wagate-ingress-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(idleTimeout.toMillis());
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(handler));
    server.setStopTimeout(shutdownTimeout.toMillis());
    // The owner stops it, so that the drain comes before the Kafka producer closes.
    server.setStopAtShutdown(false);
    server.start();
    return new HttpServer(server, connector.getLocalPort());
  }

  /** The port it listens on (stays known after it stopped listening). */
  public int port() {
    return port;
  }

  /** Stops gracefully, waiting for in-flight requests up to the shutdown timeout. */
  @Override
  public void close() throws Exception {
    server.stop();
  }
}

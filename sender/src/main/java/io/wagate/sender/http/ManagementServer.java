package io.wagate.sender.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.sender.kafka.SendLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The sender's HTTP server: {@code GET /health/live} (200 unless the send loop failed or stopped),
 * {@code GET /health/ready} (200 while it runs) and {@code GET /metrics} (Prometheus text).
 */
public final class ManagementServer implements AutoCloseable {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private ManagementServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and serves.
   *
   * @param host the address
   * @param port the port; 0 picks a free one
   * @param state the send loop's state
   * @param registry what {@code /metrics} exposes
   * @return the running server
   * @throws IOException when the address cannot be bound
   */
  public static ManagementServer start(
      String host, int port, Supplier<SendLoop.State> state, PrometheusMeterRegistry registry)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "wagate-sender-http");
              thread.setDaemon(true);
              return thread;
            });
    server.createContext("/", exchange -> dispatch(exchange, state, registry));
    server.setExecutor(executor);
    server.start();
    return new ManagementServer(server, executor);
  }

  private static void dispatch(
      HttpExchange exchange, Supplier<SendLoop.State> state, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod())) {
        write(exchange, 405, "application/json", "{\"error\":\"method_not_allowed\"}");
        return;
      }
      SendLoop.State current = state.get();
      switch (path) {
        case "/health/live" -> {
          boolean live = current != SendLoop.State.FAILED && current != SendLoop.State.STOPPED;
          write(exchange, live ? 200 : 503, "application/json", health(live, current));
        }
        case "/health/ready" -> {
          boolean ready = current == SendLoop.State.RUNNING;
          write(exchange, ready ? 200 : 503, "application/json", health(ready, current));
        }
        case "/metrics" -> write(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
        default -> write(exchange, 404, "application/json", "{\"error\":\"not_found\"}");
      }
    }
  }

  private static String health(boolean up, SendLoop.State state) {
    return "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"state\":\"" + state + "\"}";
  }

  private static void write(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

package io.wagate.streams.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams app's HTTP server: {@code GET /health/live}, {@code GET /health/ready}, {@code GET
 * /metrics}, {@code GET /v1/conversations/{businessNumber}/{contact}}, the report API ({@link
 * ReportQueryHandler}) and {@code GET /v1/portfolios/{portfolioId}} ({@link
 * PortfolioQueryHandler}).
 *
 * <p>Binding and serving are two steps so that the port, when chosen by the system, is known before
 * Kafka Streams is configured with it as {@code application.server}.
 *
 * <p>Every path under {@value #QUERY_API} is the query API and answers only callers that {@link
 * QueryAccess} allows, checked here once for all of them; health and metrics stay open for probes
 * and Prometheus.
 */
public final class ManagementServer implements AutoCloseable {

  /** Enough for probes, scrapes and queries; a query that forwards holds one for a few seconds. */
  static final int THREADS = 4;

  /** The path prefix of the query API, under which every path needs {@link QueryAccess}. */
  static final String QUERY_API = "/v1/";

  /** The request header that carries the bearer token; forwarded queries carry it on. */
  static final String AUTHORIZATION = "Authorization";

  private static final Logger LOGGER = LoggerFactory.getLogger(ManagementServer.class);

  private final HttpServer server;
  private final QueryAccess access;
  private final ExecutorService executor;
  private boolean started;

  private ManagementServer(HttpServer server, QueryAccess access) {
    this.server = server;
    this.access = access;
    this.executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
  }

  /**
   * Binds {@code host:port} without serving yet, with the query API open to every caller.
   *
   * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param port the port; 0 for any free port
   * @throws IOException when the address cannot be bound
   */
  public static ManagementServer bind(String host, int port) throws IOException {
    return bind(host, port, QueryAccess.OPEN);
  }

  /**
   * Binds {@code host:port} without serving yet.
   *
   * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param port the port; 0 for any free port
   * @param access who may call the query API
   * @throws IOException when the address cannot be bound
   */
  public static ManagementServer bind(String host, int port, QueryAccess access)
      throws IOException {
    return new ManagementServer(HttpServer.create(new InetSocketAddress(host, port), 0), access);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Starts answering requests.
   *
   * @param state the Kafka Streams state, for the health endpoints
   * @param registry the registry {@code /metrics} exposes
   * @param conversations the query API
   */
  public synchronized void start(
      Supplier<State> state,
      PrometheusMeterRegistry registry,
      ConversationQueryHandler conversations) {
    start(state, registry, conversations, null);
  }

  /**
   * Starts answering requests, the report API included.
   *
   * @param state the Kafka Streams state, for the health endpoints
   * @param registry the registry {@code /metrics} exposes
   * @param conversations the conversation query API
   * @param reports the report query API; null serves none (its paths answer 404)
   */
  public synchronized void start(
      Supplier<State> state,
      PrometheusMeterRegistry registry,
      ConversationQueryHandler conversations,
      @Nullable ReportQueryHandler reports) {
    start(state, registry, conversations, reports, null);
  }

  /**
   * Starts answering requests, the report and portfolio APIs included.
   *
   * @param state the Kafka Streams state, for the health endpoints
   * @param registry the registry {@code /metrics} exposes
   * @param conversations the conversation query API
   * @param reports the report query API; null serves none (its paths answer 404)
   * @param portfolios the portfolio query API; null serves none (its paths answer 404)
   */
  public synchronized void start(
      Supplier<State> state,
      PrometheusMeterRegistry registry,
      ConversationQueryHandler conversations,
      @Nullable ReportQueryHandler reports,
      @Nullable PortfolioQueryHandler portfolios) {
    if (started) {
      throw new IllegalStateException("the HTTP server starts once");
    }
    HealthHandler health = new HealthHandler(state);
    MetricsHandler metrics = new MetricsHandler(registry);
    server.createContext(
        "/",
        exchange ->
            dispatch(exchange, access, health, metrics, conversations, reports, portfolios));
    server.setExecutor(executor);
    server.start();
    started = true;
    LOGGER.info("HTTP server listening on {}", server.getAddress());
  }

  private static void dispatch(
      HttpExchange exchange,
      QueryAccess access,
      HealthHandler health,
      MetricsHandler metrics,
      ConversationQueryHandler conversations,
      @Nullable ReportQueryHandler reports,
      @Nullable PortfolioQueryHandler portfolios) {
    // The path may hold a phone number: log the route, never the path.
    String route = "unknown";
    try {
      String path = exchange.getRequestURI().getRawPath();
      if (path.startsWith(QUERY_API) && !authorized(exchange, access)) {
        route = "unauthorized";
      } else if (!"GET".equals(exchange.getRequestMethod())) {
        route = "method";
        exchange.getResponseHeaders().set("Allow", "GET");
        HttpResponses.error(exchange, 405, "only GET is served");
      } else if (path.equals("/health/live")) {
        route = "live";
        health.live(exchange);
      } else if (path.equals("/health/ready")) {
        route = "ready";
        health.ready(exchange);
      } else if (path.equals("/metrics")) {
        route = "metrics";
        metrics.scrape(exchange);
      } else if (reports != null && ReportQueryHandler.serves(path)) {
        route = "reports";
        reports.handle(exchange);
      } else if (portfolios != null && path.startsWith(PortfolioQueryHandler.PREFIX)) {
        route = "portfolios";
        portfolios.handle(exchange);
      } else if (path.startsWith(ConversationQueryHandler.PREFIX)) {
        route = "conversations";
        conversations.handle(exchange);
      } else {
        HttpResponses.error(exchange, 404, "not found");
      }
    } catch (IOException | RuntimeException e) {
      LOGGER.error("Answering a {} request failed", route, e);
      answerFailure(exchange, route);
    } finally {
      exchange.close();
    }
  }

  /**
   * Whether the caller may use the query API; answers 401 when not. The answer says whether a token
   * was missing or wrong, never what it should be.
   */
  private static boolean authorized(HttpExchange exchange, QueryAccess access) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst(AUTHORIZATION);
    if (access.allows(authorization)) {
      return true;
    }
    if (authorization == null) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"wagate\"");
      HttpResponses.error(
          exchange, 401, "the query API needs a bearer token: Authorization: Bearer <token>");
    } else {
      exchange
          .getResponseHeaders()
          .set("WWW-Authenticate", "Bearer realm=\"wagate\", error=\"invalid_token\"");
      HttpResponses.error(exchange, 401, "the bearer token is not valid");
    }
    return false;
  }

  private static void answerFailure(HttpExchange exchange, String route) {
    if (exchange.getResponseCode() != -1) {
      return; // The status line is already out; closing the exchange is all that is left.
    }
    try {
      HttpResponses.error(exchange, 500, "internal error");
    } catch (IOException e) {
      LOGGER.debug("The client of a failed {} request went away: {}", route, e.toString());
    }
  }

  /** Stops serving at once: in-flight exchanges are cut, as the app is going away anyway. */
  @Override
  public synchronized void close() {
    if (!started) {
      // The JDK server closes its socket from its dispatcher thread, which only start() creates:
      // a server that is bound and never started would keep the port.
      server.setExecutor(executor);
      server.start();
      started = true;
    }
    server.stop(0);
    executor.shutdownNow();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "wagate-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

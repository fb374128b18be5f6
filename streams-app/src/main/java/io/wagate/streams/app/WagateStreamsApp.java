package io.wagate.streams.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.schemas.config.Environment;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.http.ConversationQueryHandler;
import io.wagate.streams.http.ManagementServer;
import io.wagate.streams.http.PortfolioQueryHandler;
import io.wagate.streams.http.Readiness;
import io.wagate.streams.http.ReportQueryHandler;
import io.wagate.streams.http.StreamsConversationLookup;
import io.wagate.streams.http.StreamsPortfolioLookup;
import io.wagate.streams.http.StreamsReportLookup;
import io.wagate.streams.policy.RoutingPolicy;
import io.wagate.streams.processor.ConversationMetrics;
import io.wagate.streams.processor.ProcessingHook;
import io.wagate.streams.topology.StoreNames;
import io.wagate.streams.topology.WagateTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running wagate streams app: the start-up checks, Kafka Streams with its listener and
 * exception handler, the metrics, and the HTTP server. {@link StreamsService} runs one until the
 * process stops; tests start and close them at will.
 *
 * <pre>{@code
 * try (WagateStreamsApp app = WagateStreamsApp.create(environment)) {
 *   app.start();
 *   app.awaitRunning(Duration.ofMinutes(1));
 *   ...
 * }
 * }</pre>
 *
 * <p>The state directory is never wiped on start: it holds the conversation stores, and restoring
 * them from the changelogs is what a restart must avoid.
 */
public final class WagateStreamsApp implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(WagateStreamsApp.class);

  /** The readiness gauge, {@code wagate_streams_ready} in Prometheus. */
  static final String READY_METRIC = "wagate.streams.ready";

  private WagateConfig config;
  private final ProcessingHook hook;
  private final ServiceSettings settings;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Notified on every state change, for {@link #awaitRunning}. */
  private final Object stateMonitor = new Object();

  private final CountDownLatch terminated = new CountDownLatch(1);

  private volatile @Nullable KafkaStreams streams;
  private volatile @Nullable Throwable failure;
  private @Nullable ManagementServer http;
  private @Nullable KafkaStreamsMetrics streamsMetrics;
  private @Nullable JvmGcMetrics gcMetrics;
  private boolean started;
  private boolean closed;

  /**
   * An app that is not started yet.
   *
   * @param config the topology's configuration and Kafka Streams properties
   * @param settings how it runs as a service
   */
  public WagateStreamsApp(WagateConfig config, ServiceSettings settings) {
    this(config, settings, ProcessingHook.NONE);
  }

  /**
   * An app whose topology calls {@code hook} between deciding and applying each record's effects;
   * for tests that make the handling of a record fail midway.
   */
  public WagateStreamsApp(WagateConfig config, ServiceSettings settings, ProcessingHook hook) {
    this.config = config;
    this.settings = settings;
    this.hook = hook;
  }

  /**
   * An app configured by {@code environment}.
   *
   * @throws Environment.ConfigurationException naming the variable that is wrong
   */
  public static WagateStreamsApp create(Environment environment) {
    return new WagateStreamsApp(WagateConfig.from(environment), ServiceSettings.from(environment));
  }

  /**
   * Checks the cluster, starts the HTTP server and starts Kafka Streams; returns without waiting
   * for it to run.
   *
   * @throws StartupRefusedException when a topic is missing or co-partitioned topics differ
   * @throws IllegalStateException when already started or closed, or the broker does not answer
   * @throws UncheckedIOException when the HTTP port cannot be bound
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException("a wagate streams app starts once");
    }
    started = true;
    Properties properties = config.kafka();
    config = config.withPartitions(checkTopics(properties));

    ManagementServer server = bindHttp();
    http = server;
    HostInfo self = applicationServer(properties, server.port());

    bindJvmMetrics();
    bindReadiness();
    countReplayedRecords(properties);
    Topology topology = WagateTopology.build(config, new ConversationMetrics(registry), hook);
    LOGGER.info("wagate topology:\n{}", topology.describe());

    KafkaStreams kafkaStreams = new KafkaStreams(topology, properties);
    kafkaStreams.setStateListener(this::onStateChange);
    kafkaStreams.setUncaughtExceptionHandler(this::onUncaughtException);
    streams = kafkaStreams;
    KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(kafkaStreams);
    metrics.bindTo(registry);
    streamsMetrics = metrics;
    NumberHealthGauges.bind(
        registry,
        () -> globalStore(kafkaStreams, StoreNames.NUMBER_STATES),
        () -> globalStore(kafkaStreams, StoreNames.BUSINESS_NUMBERS),
        Clock.systemUTC(),
        NumberHealthGauges.FRESH);

    server.start(
        this::state,
        registry,
        new ConversationQueryHandler(
            new StreamsConversationLookup(kafkaStreams, self),
            new RoutingPolicy(config),
            config.windowSafetyMargin(),
            Clock.systemUTC(),
            self.host() + ":" + self.port()),
        config.reports().enabled()
            ? new ReportQueryHandler(
                new StreamsReportLookup(kafkaStreams, self), self.host() + ":" + self.port())
            : null,
        new PortfolioQueryHandler(
            new StreamsPortfolioLookup(kafkaStreams, self), self.host() + ":" + self.port()));
    LOGGER.info(
        "Starting wagate {} (application.server {}:{}, query API {})",
        config.applicationId(),
        self.host(),
        self.port(),
        settings.queryAccess().required() ? "behind WAGATE_QUERY_TOKEN" : "open to every caller");
    kafkaStreams.start();
  }

  /**
   * Waits until Kafka Streams is {@code RUNNING}.
   *
   * @return true when running, false when {@code timeout} passed first
   * @throws IllegalStateException when the app failed or stopped while waiting
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stateMonitor) {
      while (true) {
        State current = state();
        if (current == State.RUNNING) {
          return true;
        }
        if (terminal(current)) {
          throw new IllegalStateException("wagate stopped in state " + current, failure);
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(stateMonitor, remaining);
      }
    }
  }

  /**
   * Blocks until Kafka Streams stopped, cleanly or not.
   *
   * @return the process exit code: 0 after a clean shutdown, 1 when a stream thread failed
   */
  public int awaitTermination() throws InterruptedException {
    terminated.await();
    return exitCode();
  }

  /** 0 while nothing failed, 1 once a stream thread failed or Kafka Streams is in ERROR. */
  public int exitCode() {
    return failure != null || state() == State.ERROR ? 1 : 0;
  }

  /** The Kafka Streams state; {@code CREATED} until started. */
  public State state() {
    KafkaStreams current = streams;
    return current == null ? State.CREATED : current.state();
  }

  /** The HTTP server's port; only after {@link #start()}. */
  public synchronized int httpPort() {
    if (http == null) {
      throw new IllegalStateException("not started");
    }
    return http.port();
  }

  /**
   * Closes Kafka Streams within {@code WAGATE_SHUTDOWN_TIMEOUT}, then the HTTP server and the
   * metrics. Idempotent; safe from a shutdown hook.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    KafkaStreams current = streams;
    if (current != null) {
      LOGGER.info("Closing Kafka Streams (timeout {})", settings.shutdownTimeout());
      if (!current.close(settings.shutdownTimeout())) {
        LOGGER.warn(
            "Kafka Streams did not close within {}; stopping anyway", settings.shutdownTimeout());
      }
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    // Stopped after Kafka Streams, so that readiness reports the shutdown while it lasts.
    if (http != null) {
      http.close();
    }
    if (gcMetrics != null) {
      gcMetrics.close();
    }
    registry.close();
    terminated.countDown();
    if (current != null) {
      LOGGER.info("wagate stopped in state {}", current.state());
    }
  }

  /** Checks the topics and answers the conversation topics' partition count. */
  private int checkTopics(Properties properties) {
    try (Admin admin = Admin.create(adminConfig(properties))) {
      int partitions = TopicCheck.verify(admin, settings.startupTimeout());
      TopicCheck.ensureCommandsTopic(
          admin, WagateTopology.commandsTopic(config), partitions, settings.startupTimeout());
      return partitions;
    }
  }

  /**
   * The admin client's share of the Streams properties: the connection and security settings, and
   * Streams' {@code admin.*} overrides; the rest would only be logged as unknown.
   */
  private Map<String, Object> adminConfig(Properties properties) {
    Map<String, Object> admin = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (AdminClientConfig.configNames().contains(name)) {
        admin.put(name, properties.getProperty(name));
      }
    }
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(StreamsConfig.ADMIN_CLIENT_PREFIX)) {
        admin.put(
            name.substring(StreamsConfig.ADMIN_CLIENT_PREFIX.length()),
            properties.getProperty(name));
      }
    }
    admin.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-startup-check");
    return admin;
  }

  private ManagementServer bindHttp() {
    try {
      return ManagementServer.bind(settings.httpHost(), config.httpPort(), settings.queryAccess());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on "
              + settings.httpHost()
              + ":"
              + config.httpPort()
              + " (WAGATE_HTTP_HOST, WAGATE_HTTP_PORT)",
          e);
    }
  }

  /**
   * This instance's {@code application.server}: the one configured, or the advertised host with the
   * HTTP port, written into {@code properties}.
   */
  private HostInfo applicationServer(Properties properties, int httpPort) {
    String configured = properties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
    if (configured != null && !configured.isBlank()) {
      return HostInfo.buildFromEndpoint(configured.strip());
    }
    HostInfo self = new HostInfo(settings.advertisedHost(), httpPort);
    properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    return self;
  }

  private static <V> ReadOnlyKeyValueStore<String, V> globalStore(
      KafkaStreams streams, String name) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  private void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    gcMetrics = gc;
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * {@code wagate_streams_ready}: what {@code /health/ready} answers, as a number an alert can use
   * (1 while it answers 200, else 0). It stays 1 while Kafka is unreachable, as readiness does.
   */
  private void bindReadiness() {
    Gauge.builder(READY_METRIC, this, app -> Readiness.isReady(app.state()) ? 1 : 0)
        .description("1 while /health/ready answers 200 (Kafka Streams RUNNING), else 0")
        .register(registry);
  }

  /**
   * Adds the interceptor that counts replayed records to the main consumer, after any interceptors
   * configured already, and hands it the counters.
   */
  private void countReplayedRecords(Properties properties) {
    String mainConsumer =
        StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
    String configured =
        properties.getProperty(
            mainConsumer,
            properties.getProperty(
                StreamsConfig.consumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG),
                properties.getProperty(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, "")));
    String interceptor = ReplayedRecordsInterceptor.class.getName();
    properties.put(
        mainConsumer, configured.isBlank() ? interceptor : configured + "," + interceptor);
    properties.put(
        StreamsConfig.mainConsumerPrefix(ReplayedRecordsInterceptor.COUNTER_CONFIG),
        new ReplayedRecords(registry));
  }

  private void onStateChange(State newState, State oldState) {
    LOGGER.info("Kafka Streams state {} -> {}", oldState, newState);
    synchronized (stateMonitor) {
      stateMonitor.notifyAll();
    }
    if (terminal(newState)) {
      terminated.countDown();
    }
  }

  private StreamThreadExceptionResponse onUncaughtException(Throwable exception) {
    failure = exception;
    LOGGER.error("A Kafka Streams thread failed; shutting wagate down", exception);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  private static boolean terminal(State state) {
    return state == State.NOT_RUNNING || state == State.ERROR;
  }
}

package io.wagate.ingress;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.ingress.config.IngressConfig;
import io.wagate.ingress.http.HealthHandlers;
import io.wagate.ingress.http.HttpServer;
import io.wagate.ingress.http.Router;
import io.wagate.ingress.http.WebhookMetrics;
import io.wagate.ingress.meta.MetaVerificationHandler;
import io.wagate.ingress.meta.MetaWebhookHandler;
import io.wagate.ingress.publish.KafkaPublisher;
import io.wagate.ingress.publish.KafkaReadiness;
import io.wagate.ingress.publish.Publisher;
import io.wagate.ingress.twilio.TwilioWebhookHandler;
import io.wagate.ingress.twilio.TwilioWebhookHandler.Kind;
import io.wagate.schemas.Topics;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ingress: the Jetty server with every endpoint, the Kafka publisher, the readiness
 * check and the metrics registry. {@link #close()} drains gracefully: the connector stops
 * accepting, requests already in flight finish (new requests on open connections get 503), and only
 * then is the producer flushed and closed.
 */
public final class IngressService implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(IngressService.class);

  /** The topics the ingress writes; readiness requires them all. */
  public static final List<String> TOPICS =
      List.of(
          Topics.INBOUND.name(),
          Topics.STATUS_CALLBACKS.name(),
          Topics.ACCOUNT_EVENTS.name(),
          Topics.DLQ.name());

  private final IngressConfig config;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final KafkaPublisher publisher;
  private final KafkaReadiness readiness;
  private volatile @Nullable HttpServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private IngressService(IngressConfig config) {
    this.config = config;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    this.gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.publisher = KafkaPublisher.create(config.kafka(), config.publishTimeout(), registry);
    this.readiness =
        new KafkaReadiness(config.kafka(), TOPICS, config.readinessInterval(), registry);
  }

  /**
   * Every endpoint of the ingress.
   *
   * @param config the configuration
   * @param publisher where webhook records go
   * @param readiness the latest Kafka readiness
   * @param registry the metrics registry, also served on {@code /metrics}
   * @param clock the receive-time clock
   * @return the router
   */
  static Router router(
      IngressConfig config,
      Publisher publisher,
      Supplier<KafkaReadiness.Status> readiness,
      PrometheusMeterRegistry registry,
      Clock clock) {
    WebhookMetrics metrics = new WebhookMetrics(registry);
    return Router.builder()
        .route(
            "GET", "/webhooks/meta", new MetaVerificationHandler(config.metaVerifyToken(), metrics))
        .route(
            "POST",
            "/webhooks/meta",
            new MetaWebhookHandler(
                config.metaAppSecret(),
                config.metaIgnoredFields(),
                config.maxBodyBytes(),
                config.publishTimeout(),
                publisher,
                metrics,
                clock))
        .route("POST", Kind.INBOUND.path(), twilio(Kind.INBOUND, config, publisher, metrics, clock))
        .route("POST", Kind.STATUS.path(), twilio(Kind.STATUS, config, publisher, metrics, clock))
        .route("GET", "/health/live", HealthHandlers.live())
        .route("GET", "/health/ready", HealthHandlers.ready(readiness))
        .route("GET", "/metrics", HealthHandlers.metrics(registry))
        .build();
  }

  private static TwilioWebhookHandler twilio(
      Kind kind, IngressConfig config, Publisher publisher, WebhookMetrics metrics, Clock clock) {
    return new TwilioWebhookHandler(
        kind,
        config.twilioAuthToken(),
        config.publicBaseUrl(),
        config.maxBodyBytes(),
        config.publishTimeout(),
        publisher,
        metrics,
        clock);
  }

  /**
   * Starts the ingress.
   *
   * @param config the configuration
   * @return the running service
   * @throws Exception when the server cannot start, e.g. the port is taken
   */
  public static IngressService start(IngressConfig config) throws Exception {
    IngressService service = new IngressService(config);
    try {
      service.readiness.start();
      service.server =
          HttpServer.start(
              router(
                  config,
                  service.publisher,
                  service.readiness::status,
                  service.registry,
                  Clock.systemUTC()),
              config.host(),
              config.port(),
              config.idleTimeout(),
              config.shutdownTimeout());
    } catch (Exception e) {
      service.close();
      throw e;
    }
    warnAboutMissingSecrets(config);
    LOGGER.info(
        "wagate ingress listening on {}:{} (Kafka at {})",
        config.host(),
        service.port(),
        config.bootstrapServers());
    return service;
  }

  private static void warnAboutMissingSecrets(IngressConfig config) {
    if (config.metaAppSecret() == null) {
      LOGGER.warn(
          "{} is not set: every POST /webhooks/meta will get 401", IngressConfig.META_APP_SECRET);
    }
    if (config.metaVerifyToken() == null) {
      LOGGER.warn(
          "{} is not set: Meta's verification handshake will get 403",
          IngressConfig.META_VERIFY_TOKEN);
    }
    if (config.twilioAuthToken() == null) {
      LOGGER.warn(
          "{} is not set: every POST /webhooks/twilio/* will get 401",
          IngressConfig.TWILIO_AUTH_TOKEN);
    }
  }

  /** The port the server listens on (the real one when configured as 0). */
  public int port() {
    HttpServer running = server;
    if (running == null) {
      throw new IllegalStateException("not started");
    }
    return running.port();
  }

  /** The configuration it runs with. */
  public IngressConfig config() {
    return config;
  }

  /**
   * Drains and stops: in-flight requests finish (each gets its 200 or 503), new ones are refused,
   * then the producer is flushed and closed. Safe to call more than once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOGGER.info("wagate ingress stopping: draining in-flight requests");
    HttpServer running = server;
    if (running != null) {
      try {
        running.close();
      } catch (Exception e) {
        LOGGER.warn("HTTP server did not stop cleanly", e);
      }
    }
    publisher.close(config.shutdownTimeout());
    readiness.close();
    gcMetrics.close();
    registry.close();
    LOGGER.info("wagate ingress stopped");
  }
}

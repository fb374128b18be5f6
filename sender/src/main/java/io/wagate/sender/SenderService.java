package io.wagate.sender;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.sender.config.NumberSettings;
import io.wagate.sender.config.SenderConfig;
import io.wagate.sender.http.ManagementServer;
import io.wagate.sender.kafka.SendLoop;
import io.wagate.sender.provider.ProviderClient;
import io.wagate.sender.send.Pacer;
import io.wagate.sender.send.SendPipeline;
import io.wagate.sender.send.SenderMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running sender: the send loop on its own thread, the provider client, the pacer, and the
 * health and metrics server. {@link #close()} stops the loop gracefully (sends at the provider
 * finish and are committed) before anything it uses closes.
 */
public final class SenderService implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(SenderService.class);

  private final SenderConfig config;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService httpExecutor;
  private final KafkaClientMetrics consumerMetrics;
  private final KafkaClientMetrics producerMetrics;
  private final SendLoop loop;
  private final Thread loopThread;
  private @Nullable ManagementServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SenderService(SenderConfig config) {
    this.config = config;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    SenderMetrics metrics = new SenderMetrics(registry);
    this.scheduler = Executors.newScheduledThreadPool(2, daemon("wagate-sender-pacing"));
    this.httpExecutor = Executors.newFixedThreadPool(4, daemon("wagate-sender-provider"));
    Pacer pacer =
        config.pacing()
            ? new Pacer(
                businessNumber -> perSecond(config, businessNumber),
                config.numberBurst(),
                config.contactInterval(),
                config.contactBurst(),
                scheduler,
                metrics)
            : null;
    SendPipeline pipeline =
        new SendPipeline(
            config,
            pacer,
            new ProviderClient(config.httpTimeout(), httpExecutor, Clock.systemUTC()),
            scheduler,
            metrics);
    // Distinct client ids, so that the two clients' metrics do not collide in the registry.
    Properties consumerProperties = config.kafka();
    consumerProperties.putIfAbsent("client.id", "wagate-sender");
    Properties producerProperties = config.kafka();
    producerProperties.setProperty(
        "client.id", consumerProperties.getProperty("client.id") + "-producer");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
    this.consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(registry);
    this.producerMetrics = new KafkaClientMetrics(producer);
    producerMetrics.bindTo(registry);
    this.loop = new SendLoop(config, consumer, producer, pipeline, metrics, Clock.systemUTC());
    Gauge.builder("wagate.sender.queue.depth", loop, SendLoop::buffered)
        .description("Messages read from wa.send.* and not yet finished (paced, queued, in flight)")
        .register(registry);
    this.loopThread = new Thread(loop, "wagate-sender-loop");
  }

  private static int perSecond(SenderConfig config, String businessNumber) {
    NumberSettings number = config.numbers().get(businessNumber);
    return number == null ? 1 : number.messagesPerSecond();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Starts the sender.
   *
   * @param config the configuration
   * @return the running service
   * @throws IOException when the HTTP port cannot be bound
   */
  public static SenderService start(SenderConfig config) throws IOException {
    SenderService service = new SenderService(config);
    try {
      service.server =
          ManagementServer.start(
              config.host(), config.port(), service.loop::state, service.registry);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    service.loopThread.start();
    LOGGER.info(
        "wagate sender: {} business numbers, health and metrics on {}:{}, Kafka at {}",
        config.numbers().size(),
        config.host(),
        service.port(),
        config.bootstrapServers());
    return service;
  }

  /** The HTTP port (the real one when configured as 0). */
  public int port() {
    ManagementServer running = server;
    if (running == null) {
      throw new IllegalStateException("not started");
    }
    return running.port();
  }

  /** The send loop's state. */
  public SendLoop.State state() {
    return loop.state();
  }

  /** Waits until the loop ended (it failed, or it was stopped). */
  public boolean awaitLoopEnd(Duration timeout) throws InterruptedException {
    return loop.awaitStopped(timeout);
  }

  /** The configuration it runs with. */
  public SenderConfig config() {
    return config;
  }

  /** Stops: sends at the provider finish and are committed, then everything closes. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOGGER.info("wagate sender stopping: sends at the provider finish first");
    loop.stop();
    if (loopThread.isAlive()) {
      try {
        if (!loop.awaitStopped(config.shutdownTimeout().plusSeconds(10))) {
          LOGGER.warn("Send loop did not stop within {}", config.shutdownTimeout());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (server != null) {
      server.close();
    }
    scheduler.shutdownNow();
    httpExecutor.shutdownNow();
    consumerMetrics.close();
    producerMetrics.close();
    gcMetrics.close();
    registry.close();
    LOGGER.info("wagate sender stopped");
  }
}

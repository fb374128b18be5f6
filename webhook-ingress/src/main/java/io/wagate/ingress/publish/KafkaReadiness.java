package io.wagate.ingress.publish;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka can take the ingress's records: checked periodically off the request path with an
 * Admin client (the cluster answers, and every topic the ingress writes exists), so {@code
 * /health/ready} answers instantly.
 */
public final class KafkaReadiness implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaReadiness.class);

  private final Admin admin;
  private final List<String> topics;
  private final Duration interval;
  private final ScheduledExecutorService scheduler;
  private volatile Status status = new Status(false, "not checked yet");

  /**
   * The latest check.
   *
   * @param ready whether Kafka is reachable and every topic exists
   * @param detail what was found, for the readiness body; never payload data
   */
  public record Status(boolean ready, String detail) {}

  /**
   * A readiness check; call {@link #start()} to begin checking.
   *
   * @param kafka the Kafka client properties
   * @param topics the topics that must exist
   * @param interval how often to check, also the timeout of one check
   * @param registry where the {@code wagate.ingress.kafka.ready} gauge goes
   */
  public KafkaReadiness(
      Properties kafka, List<String> topics, Duration interval, MeterRegistry registry) {
    Properties properties = new Properties();
    properties.putAll(kafka);
    properties.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "wagate-ingress-readiness");
    int timeout = (int) Math.min(Integer.MAX_VALUE, interval.toMillis());
    properties.setProperty(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    this.admin = Admin.create(properties);
    this.topics = List.copyOf(topics);
    this.interval = interval;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "wagate-ingress-readiness");
              thread.setDaemon(true);
              return thread;
            });
    Gauge.builder("wagate.ingress.kafka.ready", this, readiness -> readiness.status.ready ? 1 : 0)
        .description("1 when Kafka is reachable and every topic the ingress writes exists")
        .register(registry);
  }

  /** Starts the periodic check; the first runs at once. */
  public void start() {
    scheduler.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The latest check's result. */
  public Status status() {
    return status;
  }

  /** Runs one check now and returns its result. */
  public Status check() {
    Status next;
    try {
      long timeout = interval.toMillis();
      var nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout))
              .nodes()
              .get(timeout, TimeUnit.MILLISECONDS);
      Set<String> existing =
          admin
              .listTopics(new ListTopicsOptions().timeoutMs((int) timeout))
              .names()
              .get(timeout, TimeUnit.MILLISECONDS);
      Set<String> missing = new TreeSet<>(topics);
      missing.removeAll(existing);
      if (nodes.isEmpty()) {
        next = new Status(false, "Kafka reports no brokers");
      } else if (!missing.isEmpty()) {
        next = new Status(false, "missing topics: " + String.join(", ", missing));
      } else {
        next = new Status(true, "Kafka reachable (" + nodes.size() + " brokers)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      next = new Status(false, "readiness check interrupted");
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      next = new Status(false, "Kafka unreachable: " + e.getClass().getSimpleName());
    }
    if (next.ready() != status.ready()) {
      LOGGER.info(
          "Kafka readiness changed to {}: {}", next.ready() ? "ready" : "not ready", next.detail());
    }
    status = next;
    return next;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    admin.close(Duration.ofSeconds(5));
  }
}

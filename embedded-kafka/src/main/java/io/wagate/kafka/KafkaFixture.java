package io.wagate.kafka;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One real Kafka broker per test JVM, shared by every integration test in it.
 *
 * <p>The broker is, in this order of preference:
 *
 * <ol>
 *   <li>the one at {@code KAFKA_BOOTSTRAP_SERVERS}, when that variable is set;
 *   <li>an {@code apache/kafka} container, when a Docker engine answers;
 *   <li>an {@link EmbeddedKafka} started from the Kafka jars on the classpath.
 * </ol>
 *
 * <p>The choice is logged. The container or embedded broker is started on first use and stopped
 * when the JVM exits. Tests that share the broker must not depend on a topic being empty unless
 * they created it.
 */
public final class KafkaFixture {

  /** The environment variable that points the tests at an existing broker. */
  public static final String BOOTSTRAP_SERVERS_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaFixture.class);

  // The oldest image with the features the apps use; the embedded broker runs the build's Kafka.
  private static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka:4.1.1");

  private static @Nullable String bootstrapServers;

  private KafkaFixture() {}

  /**
   * The {@code bootstrap.servers} of the shared broker, starting it on the first call.
   *
   * @return a comma-separated list of host:port
   */
  public static synchronized String bootstrapServers() {
    String servers = bootstrapServers;
    if (servers == null) {
      servers = startBroker();
      bootstrapServers = servers;
    }
    return servers;
  }

  private static String startBroker() {
    String fromEnvironment = System.getenv(BOOTSTRAP_SERVERS_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      LOGGER.info(
          "Kafka for tests: the existing broker at {} ({} is set)",
          fromEnvironment.strip(),
          BOOTSTRAP_SERVERS_VARIABLE);
      return fromEnvironment.strip();
    }
    if (isDockerAvailable()) {
      // The same retention check interval as the embedded broker's, for the retention tests.
      KafkaContainer container =
          new KafkaContainer(IMAGE)
              .withEnv(
                  "KAFKA_LOG_RETENTION_CHECK_INTERVAL_MS",
                  String.valueOf(EmbeddedKafka.RETENTION_CHECK_INTERVAL.toMillis()));
      container.start();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(container::stop, "kafka-fixture-container-shutdown"));
      LOGGER.info(
          "Kafka for tests: a Testcontainers {} broker at {}",
          IMAGE,
          container.getBootstrapServers());
      return container.getBootstrapServers();
    }
    // EmbeddedKafka's own shutdown hook stops it and deletes its data when the JVM exits.
    EmbeddedKafka kafka = EmbeddedKafka.start();
    LOGGER.info(
        "Kafka for tests: an embedded KRaft broker at {} (no {} and no Docker engine; log {})",
        kafka.bootstrapServers(),
        BOOTSTRAP_SERVERS_VARIABLE,
        kafka.logFile());
    return kafka.bootstrapServers();
  }

  private static boolean isDockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      LOGGER.info("No Docker engine for Testcontainers: {}", e.toString());
      return false;
    }
  }
}

package io.wagate.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.kafka.KafkaFixture;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why consumers read committed: {@code wagate-streams.jar} is killed with SIGKILL in the middle of
 * a transaction under load, and a new instance takes over. A consumer with the Java client's
 * defaults reads the killed instance's aborted {@code wa.status} records as well as the ones
 * written again; a consumer with the README's settings reads every routing outcome exactly once.
 */
class StreamsJarKillIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(StreamsJarKillIT.class);

  private static final Path README = Path.of(System.getProperty("wagate.readme", "../README.md"));
  private static final String SETTINGS_MARK = "<!-- consumer-settings:java -->";
  private static final int REQUESTS = 2_000;
  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Duration DECIDED = Duration.ofMinutes(3);

  @TempDir Path workDir;

  @Test
  void shouldShowAbortedStatusesToADefaultConsumerAndNoneToTheReadmesConsumer() throws Exception {
    // Given
    Properties readme = readmeConsumerSettings();
    assertThat(readme.getProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG))
        .as("the README's Java consumer settings")
        .isEqualTo("read_committed");
    String bootstrapServers = KafkaFixture.bootstrapServers();
    createTopics(bootstrapServers);
    String businessNumber = "+3120" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    Map<String, String> environment = new HashMap<>();
    environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    environment.put("KAFKA_APPLICATION_ID", "wagate-kill-" + UUID.randomUUID());
    environment.put("KAFKA_STATE_DIR", Files.createDirectory(workDir.resolve("state")).toString());
    // Transactions of five seconds: the kill below lands inside one, with records written.
    environment.put("KAFKA_COMMIT_INTERVAL_MS", "5000");
    environment.put("WAGATE_HTTP_HOST", "127.0.0.1");
    environment.put("WAGATE_HTTP_PORT", String.valueOf(freePort()));
    Path log = workDir.resolve("wagate-streams.log");

    try (Tail defaults = new Tail(bootstrapServers, new Properties(), businessNumber);
        Tail committed = new Tail(bootstrapServers, readme, businessNumber)) {
      StreamsJar first = StreamsJar.start(environment, log);
      first.awaitReady(STARTUP);
      Thread load = new Thread(() -> produce(bootstrapServers, businessNumber), "kill-it-load");
      load.start();

      // When
      // the instance dies while a transaction holds routing outcomes
      awaitUntil(
          () -> {
            defaults.poll();
            committed.poll();
            return defaults.records.size() >= committed.records.size() + 50;
          },
          STARTUP,
          () -> "outcomes in an open transaction; log:\n" + first.tail(40));
      first.kill();
      int seenBeforeKill = defaults.records.size();
      LOGGER.info(
          "Killed the instance with {} outcomes read uncommitted, {} committed",
          seenBeforeKill,
          committed.records.size());
      try (StreamsJar second = StreamsJar.start(environment, log)) {
        second.awaitReady(STARTUP);
        load.join();
        awaitUntil(
            () -> {
              committed.poll();
              return committed.requestIds().size() == REQUESTS;
            },
            DECIDED,
            () ->
                "every request decided ("
                    + committed.requestIds().size()
                    + " of "
                    + REQUESTS
                    + "); log:\n"
                    + second.tail(40));
        defaults.readToTheEnd();
        committed.readToTheEnd();
      }

      // Then
      assertThat(committed.records)
          .as("the README's consumer reads one routing outcome per request")
          .hasSize(REQUESTS);
      Set<String> committedOffsets = committed.offsets();
      List<ConsumerRecord<String, String>> aborted =
          defaults.records.stream()
              .filter(record -> !committedOffsets.contains(offset(record)))
              .toList();
      LOGGER.info(
          "Default consumer: {} records for {} requests, {} of them aborted",
          defaults.records.size(),
          defaults.requestIds().size(),
          aborted.size());
      assertThat(aborted).as("aborted records a default consumer reads").isNotEmpty();
      assertThat(defaults.records).hasSize(REQUESTS + aborted.size());
      assertThat(defaults.requestIds()).hasSize(REQUESTS);
      assertThat(committed.offsets()).isSubsetOf(defaults.offsets());
    }
  }

  // ---------------------------------------------------------------- plumbing

  /** The properties block the README marks as the Java client's consumer settings. */
  private static Properties readmeConsumerSettings() throws IOException {
    String readme = Files.readString(README, UTF_8);
    int mark = readme.indexOf(SETTINGS_MARK);
    assertThat(mark).as("%s in %s", SETTINGS_MARK, README).isNotNegative();
    int start = readme.indexOf("```properties\n", mark) + "```properties\n".length();
    int end = readme.indexOf("```", start);
    Properties settings = new Properties();
    settings.load(new StringReader(readme.substring(start, end)));
    return settings;
  }

  private static void createTopics(String bootstrapServers) throws Exception {
    Path log = Files.createTempFile("create-topics", ".log");
    StreamsJar createTopics =
        StreamsJar.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers), log, "create-topics");
    assertThat(createTopics.awaitExit(STARTUP)).as(createTopics.tail(20)).isZero();
  }

  /** Text requests to contacts without an open window: each gets one REJECTED outcome. */
  private static void produce(String bootstrapServers, String businessNumber) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < REQUESTS; i++) {
        String requestId = "kill-" + UUID.randomUUID();
        String value =
            "{\"requestId\":\""
                + requestId
                + "\",\"businessNumber\":\""
                + businessNumber
                + "\",\"to\":\"+3161"
                + (1_000_000 + i)
                + "\",\"kind\":\"TEXT\",\"text\":{\"body\":\"See you tomorrow!\"}}";
        producer.send(new ProducerRecord<>("wa.send.requests", requestId, value));
      }
    }
  }

  private static void awaitUntil(
      BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what.get());
      }
    }
  }

  private static String offset(ConsumerRecord<String, String> record) {
    return record.partition() + "@" + record.offset();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A consumer of {@code wa.status} from its end at creation, keeping this test's outcomes. */
  private static final class Tail implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final String keyPrefix;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    Tail(String bootstrapServers, Properties settings, String businessNumber) {
      Properties properties = new Properties();
      properties.putAll(settings);
      properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      consumer =
          new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor("wa.status", Duration.ofSeconds(30))
          .forEach(info -> partitions.add(new TopicPartition("wa.status", info.partition())));
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
      this.keyPrefix = businessNumber + "|";
    }

    void poll() {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
        if (record.key() != null && record.key().startsWith(keyPrefix)) {
          records.add(record);
        }
      }
    }

    /** Reads to the end offsets of now: the high watermark, or the last stable offset. */
    void readToTheEnd() {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
      awaitUntil(
          () -> {
            poll();
            return end.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
          },
          Duration.ofSeconds(60),
          () -> "wa.status read to its end");
    }

    Set<String> requestIds() {
      Set<String> ids = new HashSet<>();
      for (ConsumerRecord<String, String> record : records) {
        int start = record.value().indexOf("\"requestId\":\"") + "\"requestId\":\"".length();
        ids.add(record.value().substring(start, record.value().indexOf('"', start)));
      }
      return ids;
    }

    Set<String> offsets() {
      Set<String> offsets = new HashSet<>();
      records.forEach(record -> offsets.add(offset(record)));
      return offsets;
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}

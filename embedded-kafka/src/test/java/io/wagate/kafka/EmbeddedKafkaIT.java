package io.wagate.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void shouldDeliverProducedRecordsToAConsumer() throws Exception {
    // Given
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      createTopic(kafka, "greetings");

      // When
      produce(kafka, "greetings", List.of("hello", "world"));

      // Then
      assertThat(consume(kafka, "greetings", 2)).containsExactly("hello", "world");
    }
  }

  @Test
  void shouldBeUnreachableWhenStoppedAndKeepItsDataOnRestart() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      // Given
      String bootstrapServers = kafka.bootstrapServers();
      createTopic(kafka, "durable");
      produce(kafka, "durable", List.of("kept"));

      // When
      kafka.stop();

      // Then
      assertThat(kafka.isRunning()).isFalse();
      assertThatThrownBy(() -> describeCluster(bootstrapServers))
          .isInstanceOfAny(ExecutionException.class, java.util.concurrent.TimeoutException.class);

      // When
      kafka.restart();

      // Then
      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrapServers);
      assertThat(consume(kafka, "durable", 1)).containsExactly("kept");
    }
  }

  @Test
  void shouldDeleteTheDataDirectoryItCreatedOnClose() {
    // Given
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Path dataDir = kafka.dataDir();
    assertThat(dataDir.resolve("server.properties")).exists();

    // When
    kafka.close();

    // Then
    assertThat(kafka.isRunning()).isFalse();
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void shouldKeepAGivenDataDirectoryOnClose(@TempDir Path dataDir) throws Exception {
    // Given
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
      createTopic(kafka, "kept-across-runs");
      produce(kafka, "kept-across-runs", List.of("first run"));
    }

    // When
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {

      // Then
      assertThat(consume(kafka, "kept-across-runs", 1)).containsExactly("first run");
    }
  }

  @Test
  void shouldFailWithTheBrokerLogWhenItsPortIsTaken(@TempDir Path dataDir) throws IOException {
    // Given
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {

      // When
      Throwable failure = catchFailure(() -> EmbeddedKafka.start(dataDir, taken.getLocalPort()));

      // Then
      assertThat(failure)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Kafka broker on port " + taken.getLocalPort())
          .hasMessageContaining("last lines of " + dataDir.resolve("broker.log"));
      assertThat(Files.readString(dataDir.resolve("broker.log")))
          .contains("Address already in use");
    }
  }

  private static Throwable catchFailure(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected the broker to fail to start");
  }

  private static void createTopic(EmbeddedKafka kafka, String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static void describeCluster(String bootstrapServers) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
          .nodes()
          .get(10, TimeUnit.SECONDS);
    }
  }

  private static void produce(EmbeddedKafka kafka, String topic, List<String> values)
      throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (String value : values) {
        producer
            .send(new ProducerRecord<>(topic, value, value))
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> consume(EmbeddedKafka kafka, String topic, int count) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "embedded-kafka-it-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<String> values = new ArrayList<>();
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (values.size() < count && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      return values;
    }
  }
}

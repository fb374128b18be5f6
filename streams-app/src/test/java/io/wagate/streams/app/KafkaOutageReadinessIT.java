package io.wagate.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.kafka.EmbeddedKafka;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /health/ready} says while Kafka is gone, on a broker of its own that the test stops
 * and starts again: Kafka Streams stays {@code RUNNING} and readiness 200, {@code
 * wagate_streams_ready} stays 1, and the stream thread's broker connections drop to 0, which is
 * what the alert {@code WagateStreamsKafkaUnreachable} watches. Once the broker is back, requests
 * are decided again without a restart.
 */
class KafkaOutageReadinessIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final String BUSINESS = "+31201234567";
  private static final Pattern STREAM_THREAD_CONNECTIONS =
      Pattern.compile(
          "kafka_consumer_connection_count\\{client_id=\"[^\"]+-StreamThread-1-consumer\"[^}]*}"
              + " ([0-9.]+)");

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path stateDir;

  private EmbeddedKafka kafka;
  private WagateStreamsApp app;

  @BeforeEach
  void startKafka() throws Exception {
    kafka = EmbeddedKafka.start();
    List<NewTopic> topics = new ArrayList<>();
    for (Topic<?, ?> topic : Topics.ALL) {
      topics.add(
          new NewTopic(topic.name(), 1, (short) 1)
              .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy())));
    }
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(topics).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldStayReadyWithoutKafkaAndShowItOnlyInTheBrokerConnections() throws Exception {
    // Given a running app that decides requests
    app =
        WagateStreamsApp.create(
            Environment.of(
                Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    kafka.bootstrapServers(),
                    "KAFKA_APPLICATION_ID",
                    "wagate-outage-" + UUID.randomUUID(),
                    "KAFKA_STATE_DIR",
                    stateDir.toString(),
                    "WAGATE_HTTP_HOST",
                    "127.0.0.1",
                    "WAGATE_HTTP_PORT",
                    "0")));
    app.start();
    assertThat(app.awaitRunning(TIMEOUT)).isTrue();
    try (KafkaConsumer<String, String> statuses = statusConsumer()) {
      awaitDecided(statuses, sendRequest());

      // When the broker goes away
      kafka.stop();

      // Then readiness keeps answering 200, and only the broker connections tell
      Instant end = Instant.now().plus(OUTAGE);
      double connections = Double.NaN;
      while (Instant.now().isBefore(end)) {
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("wagate_streams_ready 1.0");
        connections = streamThreadConnections(metrics);
        statuses.poll(Duration.ofMillis(500)); // paces the loop; the broker is gone
      }
      assertThat(app.state()).isEqualTo(State.RUNNING);
      assertThat(connections).as("the stream thread's broker connections").isZero();

      // When the broker is back
      kafka.restart();

      // Then requests are decided again, by the same instance
      awaitDecided(statuses, sendRequest());
      assertThat(streamThreadConnections(get("/metrics").body())).isPositive();
    }
  }

  private String sendRequest() throws Exception {
    String requestId = "outage-" + UUID.randomUUID();
    String value =
        "{\"requestId\":\""
            + requestId
            + "\",\"businessNumber\":\""
            + BUSINESS
            + "\",\"to\":\"+31612345678\",\"kind\":\"TEXT\",\"text\":{\"body\":\"Hello\"}}";
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(Topics.SEND_REQUESTS.name(), requestId, value))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    return requestId;
  }

  private KafkaConsumer<String, String> statusConsumer() {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "outage-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(List.of(Topics.STATUS.name()));
    return consumer;
  }

  private static void awaitDecided(KafkaConsumer<String, String> statuses, String requestId) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, String> record : statuses.poll(Duration.ofMillis(500))) {
        if (record.value().contains("\"" + requestId + "\"")) {
          return;
        }
      }
    }
    throw new AssertionError(requestId + " not decided within " + TIMEOUT);
  }

  private static double streamThreadConnections(String metrics) {
    Matcher matcher = STREAM_THREAD_CONNECTIONS.matcher(metrics);
    assertThat(matcher.find()).as("the stream thread consumer's connection count").isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

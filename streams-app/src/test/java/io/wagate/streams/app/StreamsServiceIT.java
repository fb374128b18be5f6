package io.wagate.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.topics.ContractTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams app as a service on the shared test broker: the start-up checks, the lifecycle, and
 * the HTTP endpoints. Each test starts with none of the contract's topics and creates what it
 * needs, so that it does not depend on what other tests left.
 */
class StreamsServiceIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String BUSINESS = "+31201234567";

  private static String bootstrapServers;
  private static Admin admin;

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path stateDir;

  @BeforeAll
  static void connect() {
    bootstrapServers = KafkaFixture.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  @BeforeEach
  void deleteContractTopics() throws Exception {
    ContractTopics.deleteAll(admin, TIMEOUT);
  }

  @Test
  void shouldRefuseToStartNamingEveryMissingTopic() throws Exception {
    // Given
    createTopics(Map.of(Topics.SEND_REQUESTS, 1, Topics.INBOUND, 1));
    Environment env = environment();
    // When
    int exitCode = StreamsService.run(env);
    // Then
    assertThat(exitCode).isEqualTo(StreamsService.EXIT_REFUSED);
    try (WagateStreamsApp app = WagateStreamsApp.create(env)) {
      assertThatThrownBy(app::start)
          .isInstanceOf(StartupRefusedException.class)
          .hasMessageContaining("java -jar wagate-streams.jar create-topics")
          .satisfies(
              refusal -> {
                List<String> missing = new ArrayList<>(ContractTopics.NAMES);
                missing.removeAll(List.of(Topics.SEND_REQUESTS.name(), Topics.INBOUND.name()));
                assertThat(refusal.getMessage()).contains(missing);
                assertThat(refusal.getMessage())
                    .doesNotContain(Topics.SEND_REQUESTS.name() + ",")
                    .doesNotContain(Topics.INBOUND.name() + ",");
              });
      assertThat(app.state()).isEqualTo(State.CREATED);
    }
  }

  @Test
  void shouldRefuseToStartWhenCoPartitionedInputsDifferInPartitions() throws Exception {
    // Given
    Map<Topic<?, ?>, Integer> partitions = new HashMap<>();
    Topics.ALL.forEach(topic -> partitions.put(topic, 2));
    partitions.put(Topics.CONSENT, 1);
    createTopics(partitions);
    Environment env = environment();
    // When
    int exitCode = StreamsService.run(env);
    // Then
    assertThat(exitCode).isEqualTo(StreamsService.EXIT_REFUSED);
    try (WagateStreamsApp app = WagateStreamsApp.create(env)) {
      assertThatThrownBy(app::start)
          .isInstanceOf(StartupRefusedException.class)
          .hasMessageContaining("same number of partitions")
          .hasMessageContaining("wa.send.requests=2, wa.consent=1, wa.inbound=2");
    }
  }

  @Test
  void shouldRunAndServeHealthMetricsAndConversationQueries() throws Exception {
    // Given
    Map<Topic<?, ?>, Integer> partitions = new HashMap<>();
    Topics.ALL.forEach(topic -> partitions.put(topic, 2));
    createTopics(partitions);
    String subscriber =
        "1" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    String contact = "+316" + subscriber;
    String conversationKey = BUSINESS + "|" + contact;

    try (WagateStreamsApp app = WagateStreamsApp.create(environment());
        KafkaConsumer<String, Session> sessions = consumer(Topics.SESSIONS);
        KafkaConsumer<String, RequestStatus> statuses = consumer(Topics.STATUS)) {
      // When
      app.start();
      assertThat(app.awaitRunning(TIMEOUT)).as("RUNNING within %s", TIMEOUT).isTrue();
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return app.awaitTermination();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return -1;
                }
              });

      // Then
      assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(app, "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(json(ready).path("state").asText()).isEqualTo("RUNNING");
      assertThat(get(app, "/metrics").body())
          .contains("kafka_stream_")
          .contains("jvm_memory_")
          .contains("wagate_streams_ready 1.0");

      // When the contact writes in
      produce(
          Topics.INBOUND,
          conversationKey,
          new InboundMessage(
              Provider.META,
              "wamid.it-" + UUID.randomUUID(),
              BUSINESS,
              contact,
              "Anna",
              "text",
              "Hello",
              null,
              Instant.now(),
              null,
              null));
      await(
          sessions, record -> record.key().equals(conversationKey) && record.value().windowOpen());

      // Then the query API answers for the contact, in national and in E.164 form
      HttpResponse<String> national =
          get(app, "/v1/conversations/%2B31201234567/06%20" + subscriber + "?defaultRegion=NL");
      assertThat(national.statusCode()).as(national.body()).isEqualTo(200);
      JsonNode view = json(national);
      assertThat(view.path("businessNumber").asText()).isEqualTo(BUSINESS);
      assertThat(view.path("contact").asText()).isEqualTo(contact);
      assertThat(view.path("windowOpen").asBoolean()).isTrue();
      assertThat(view.path("windowExpiresAt").isNull()).isFalse();
      assertThat(view.path("canSendFreeform").asBoolean()).isTrue();
      assertThat(view.path("updatedAt").isNull()).isFalse();

      HttpResponse<String> e164 = get(app, "/v1/conversations/%2B31201234567/%2B316" + subscriber);
      assertThat(e164.statusCode()).isEqualTo(200);
      assertThat(json(e164).path("windowOpen").asBoolean()).isTrue();
      assertThat(json(e164).path("canSendFreeform").asBoolean()).isTrue();

      // When a free-form request is processed
      String requestId = "it-" + UUID.randomUUID();
      produce(
          Topics.SEND_REQUESTS,
          requestId,
          new SendRequest(
              requestId,
              BUSINESS,
              "06 " + subscriber,
              "NL",
              Kind.TEXT,
              null,
              new TextContent("Your table is ready.", null),
              null,
              null,
              null,
              null,
              Instant.now()));
      await(statuses, record -> requestId.equals(record.value().requestId()));

      // Then wagate's own metrics count the decision
      assertThat(get(app, "/metrics").body())
          .containsPattern("wagate_decisions_total\\{[^}]*route=\"freeform\"[^}]*} 1\\.0");

      // When the app is closed
      app.close();

      // Then it stopped cleanly
      assertThat(app.state()).isEqualTo(State.NOT_RUNNING);
      assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
    }
  }

  private Environment environment() {
    return Environment.of(
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
            "KAFKA_APPLICATION_ID", "wagate-it-" + UUID.randomUUID(),
            "KAFKA_STATE_DIR", stateDir.toString(),
            "WAGATE_HTTP_HOST", "127.0.0.1",
            "WAGATE_HTTP_PORT", "0",
            "WAGATE_ADVERTISED_HOST", "127.0.0.1",
            "WAGATE_STARTUP_TIMEOUT", "PT30S",
            "WAGATE_SHUTDOWN_TIMEOUT", "PT30S"));
  }

  private HttpResponse<String> get(WagateStreamsApp app, String pathAndQuery) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + app.httpPort() + pathAndQuery);
    return http.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.MAPPER.readTree(response.body());
  }

  private static void createTopics(Map<Topic<?, ?>, Integer> partitions) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    partitions.forEach(
        (topic, count) ->
            topics.add(
                new NewTopic(topic.name(), count, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy()))));
    admin.createTopics(topics).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    // The broker's metadata follows the controller a moment later; the app must not see less.
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (ContractTopics.present(admin, TIMEOUT).size() < partitions.size()) {
      assertThat(Instant.now()).as("created topics visible in time").isBefore(deadline);
    }
  }

  private static <V> void produce(Topic<String, V> topic, String key, V value) throws Exception {
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            topic.keySerde().serializer(),
            topic.valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(topic.name(), key, value))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static <V> KafkaConsumer<String, V> consumer(Topic<String, V> topic) {
    KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            topic.keySerde().deserializer(),
            topic.valueSerde().deserializer());
    consumer.subscribe(List.of(topic.name()));
    return consumer;
  }

  /** Polls until a record matches; the consumer's poll timeout paces the loop. */
  private static <V> ConsumerRecord<String, V> await(
      KafkaConsumer<String, V> consumer, Predicate<ConsumerRecord<String, V>> wanted) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
        if (record.value() != null && wanted.test(record)) {
          return record;
        }
      }
    }
    throw new AssertionError("no matching record within " + TIMEOUT);
  }
}

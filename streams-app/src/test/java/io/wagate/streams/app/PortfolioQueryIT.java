package io.wagate.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.OptInState;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Portfolio;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import io.wagate.schemas.events.TemplateContent;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/portfolios/{portfolioId}} on a real broker with two instances: a portfolio of two
 * numbers counts and holds templates in the one task that owns it, and both instances answer what
 * it counted, the owner from its stores and the other by forwarding to it; only the owner exports
 * the portfolio's gauges.
 */
class PortfolioQueryIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int PARTITIONS = 3;
  private static final int LIMIT = 3;
  private static final int CONTACTS = 5;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String PORTFOLIO = "salon-it-" + RUN;
  private static final Person ANNA = new Person("p-1", "Anna", "Jansen");

  @TempDir static Path stateDir;

  private static String bootstrapServers;
  private static Admin admin;
  private static KafkaProducer<byte[], byte[]> producer;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void createTopics() throws Exception {
    bootstrapServers = KafkaFixture.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    // Three partitions each, whatever partition counts an earlier test of this JVM left.
    ContractTopics.recreate(admin, PARTITIONS, Duration.ofSeconds(60));
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer());
  }

  @AfterAll
  static void close() {
    producer.close();
    admin.close();
  }

  @Test
  void shouldAnswerWhatThePortfolioCountedFromEitherInstance() throws Exception {
    // Given a portfolio of 3 shared by two Rotterdam numbers no other test uses, its settings
    // written before the instances start, and five contacts who opted in
    int base = 2_000_000 + ThreadLocalRandom.current().nextInt(7_000_000);
    List<String> numbers = List.of("+3110" + base, "+3110" + (base + 1));
    for (String number : numbers) {
      produce(
          Topics.BUSINESS_NUMBERS,
          number,
          new BusinessNumberConfig(number, true, null, null, null, null, PORTFOLIO, null));
    }
    produce(Topics.PORTFOLIOS, PORTFOLIO, new Portfolio(PORTFOLIO, LIMIT, null));
    List<String> contacts = new ArrayList<>();
    for (int i = 0; i < CONTACTS; i++) {
      contacts.add("+3165" + (base + i));
    }
    String applicationId = "wagate-portfolio-it-" + RUN;
    try (WagateStreamsApp first = app(applicationId, "a");
        WagateStreamsApp second = app(applicationId, "b");
        KafkaConsumer<String, Session> sessions = consumer(Topics.SESSIONS);
        KafkaConsumer<String, RequestStatus> statuses = consumer(Topics.STATUS)) {
      first.start();
      second.start();
      assertThat(first.awaitRunning(TIMEOUT)).isTrue();
      assertThat(second.awaitRunning(TIMEOUT)).isTrue();
      Map<String, String> keys = new HashMap<>();
      for (int i = 0; i < CONTACTS; i++) {
        String number = numbers.get(i % 2);
        String key = number + "|" + contacts.get(i);
        keys.put("r-" + RUN + "-" + i, key);
        produce(
            Topics.CONSENT,
            key,
            new ConsentEvent(
                number, contacts.get(i), null, ConsentStatus.OPTED_IN, null, "crm", Instant.now()));
      }
      Set<String> optedIn = new HashSet<>();
      awaitRecords(
          sessions,
          record -> {
            if (keys.containsValue(record.key()) && record.value().optIn() == OptInState.OPTED_IN) {
              optedIn.add(record.key());
            }
            return optedIn.size() == CONTACTS;
          });

      // When five templates go to the five contacts from both numbers
      Instant sentAt = Instant.now();
      for (int i = 0; i < CONTACTS; i++) {
        String requestId = "r-" + RUN + "-" + i;
        produce(
            Topics.SEND_REQUESTS, requestId, template(requestId, numbers.get(i % 2), i, contacts));
      }
      Map<String, LifecycleState> outcomes = new HashMap<>();
      awaitRecords(
          statuses,
          record -> {
            if (keys.containsKey(record.value().requestId())) {
              outcomes.put(record.value().requestId(), record.value().state());
            }
            return outcomes.size() == CONTACTS;
          });
      assertThat(outcomes.values())
          .filteredOn(state -> state == LifecycleState.ROUTED_TEMPLATE)
          .hasSize(LIMIT);
      assertThat(outcomes.values())
          .filteredOn(state -> state == LifecycleState.HELD)
          .hasSize(CONTACTS - LIMIT);

      // Then both instances answer the count, one from its stores, the other through it
      for (WagateStreamsApp app : List.of(first, second)) {
        JsonNode view = awaitView(app, "/v1/portfolios/" + PORTFOLIO);
        assertThat(view.path("portfolioId").asText()).isEqualTo(PORTFOLIO);
        assertThat(view.path("limit").asInt()).isEqualTo(LIMIT);
        assertThat(view.path("used").asInt()).isEqualTo(LIMIT);
        assertThat(view.path("held").asInt()).isEqualTo(CONTACTS - LIMIT);
        assertThat(view.path("heldForFlag").asInt()).isZero();
        Instant nextRelease = Instant.parse(view.path("nextReleaseAt").asText());
        assertThat(nextRelease)
            .isBetween(
                sentAt.plus(Duration.ofHours(24)).minusSeconds(5),
                Instant.now().plus(Duration.ofHours(24)));
        assertThat(Instant.parse(view.path("oldestHeldAt").asText()))
            .isBetween(sentAt.minusSeconds(5), Instant.now());
        // A number that belongs to the portfolio is not a portfolio of its own
        assertThat(get(app, "/v1/portfolios/" + numbers.get(0).replace("+", "%2B")).statusCode())
            .isEqualTo(404);
      }
      // and only the instance that counts the portfolio exports its gauges
      String gauge = "wagate_portfolio_used{portfolio=\"" + PORTFOLIO + "\"}";
      List<Boolean> exports = new ArrayList<>();
      for (WagateStreamsApp app : List.of(first, second)) {
        exports.add(get(app, "/metrics").body().contains(gauge + " " + LIMIT + ".0"));
      }
      assertThat(exports).containsExactlyInAnyOrder(true, false);
    }
  }

  private SendRequest template(String requestId, String number, int i, List<String> contacts) {
    return new SendRequest(
        requestId,
        number,
        contacts.get(i),
        null,
        Kind.TEMPLATE,
        new TemplateContent("reminder", "en_US", Category.UTILITY, List.of("Anna")),
        null,
        ANNA,
        null,
        null,
        null,
        Instant.now());
  }

  private WagateStreamsApp app(String applicationId, String name) {
    return WagateStreamsApp.create(
        Environment.of(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "KAFKA_APPLICATION_ID", applicationId,
                "KAFKA_STATE_DIR", stateDir.resolve(name).toString(),
                "KAFKA_COMMIT_INTERVAL_MS", "200",
                "WAGATE_HTTP_HOST", "127.0.0.1",
                "WAGATE_HTTP_PORT", "0",
                "WAGATE_ADVERTISED_HOST", "127.0.0.1",
                "WAGATE_STARTUP_TIMEOUT", "PT30S",
                "WAGATE_SHUTDOWN_TIMEOUT", "PT30S")));
  }

  /** Asks until the answer is 200 (a rebalance may answer 503 for a while) and returns it. */
  private JsonNode awaitView(WagateStreamsApp app, String path) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    HttpResponse<String> response = get(app, path);
    while (response.statusCode() == 503 && Instant.now().isBefore(deadline)) {
      response = get(app, path);
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  private HttpResponse<String> get(WagateStreamsApp app, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + app.httpPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <V> void produce(Topic<String, V> topic, String key, V value) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic.name(),
                topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value)))
        .get();
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

  /** Polls until {@code done} says so after a record; the poll timeout paces the loop. */
  private static <V> void awaitRecords(
      KafkaConsumer<String, V> consumer,
      java.util.function.Predicate<ConsumerRecord<String, V>> done) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
        if (record.value() != null && done.test(record)) {
          return;
        }
      }
    }
    throw new AssertionError("the records awaited did not come within " + TIMEOUT);
  }
}

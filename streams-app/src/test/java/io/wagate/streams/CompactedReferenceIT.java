package io.wagate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagate.kafka.KafkaFixture;
import io.wagate.streams.topics.ContractTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference data that lasts: operators' records stay the operators', what wagate learns lives on
 * topics of its own written whole, and after every compacted topic is compacted a fresh instance
 * (new application id, empty state) knows every template's body, parameter count, category and
 * latest status, and an operator's re-enable of a number stays in force.
 */
class CompactedReferenceIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COMPACTED =
      List.of("wa.templates", "wa.business-numbers", "wa.template-state", "wa.number-state");

  @TempDir static Path workDir;

  private static String bootstrapServers;
  private static Admin admin;
  private static KafkaProducer<String, String> producer;

  @BeforeAll
  static void topics() throws Exception {
    bootstrapServers = KafkaFixture.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    ContractTopics.deleteAll(admin, TIMEOUT);
    Path log = workDir.resolve("create-topics.log");
    StreamsJar createTopics =
        StreamsJar.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers), log, "create-topics");
    assertThat(createTopics.awaitExit(TIMEOUT)).as(createTopics.tail(20)).isZero();
    // Compact at once: small segments, any dirt is worth cleaning, tombstones gone at once.
    Map<ConfigResource, java.util.Collection<AlterConfigOp>> configs = new HashMap<>();
    for (String topic : COMPACTED) {
      configs.put(
          new ConfigResource(ConfigResource.Type.TOPIC, topic),
          List.of(
              set("segment.ms", "100"),
              set("min.cleanable.dirty.ratio", "0.001"),
              set("min.compaction.lag.ms", "0"),
              set("delete.retention.ms", "100")));
    }
    admin.incrementalAlterConfigs(configs).all().get(30, TimeUnit.SECONDS);
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new StringSerializer(),
            new StringSerializer());
  }

  @AfterAll
  static void close() {
    if (producer != null) {
      producer.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void shouldKeepWhatOperatorsSetAndWhatWagateLearnedWholeThroughCompaction() throws Exception {
    String business = "+3120" + (1_000_000 + (int) (Math.random() * 8_000_000));
    String template = "reminder_" + UUID.randomUUID().toString().substring(0, 8);
    String optedInContact = "+31611110001";
    String marketingOptOut = "+31611110002";
    Instant t0 =
        Instant.now()
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .minus(Duration.ofMinutes(30));

    // Given an operator's template and number, and what the providers said since, seen by one
    // instance that writes what it learns
    send("wa.templates", template + ":en_US", templateJson(template), t0);
    ObjectNode number = JSON.createObjectNode();
    number.put("businessNumber", business).put("whatsappEnabled", true);
    number.put("updatedAt", t0.toString());
    send("wa.business-numbers", business, number, t0);
    send(
        "wa.account-events",
        "waba:1",
        templateEvent(
            template, "message_template_status_update", "PAUSED", null, t0.plusSeconds(60)),
        t0);
    send(
        "wa.account-events",
        "waba:1",
        templateEvent(
            template, "message_template_status_update", "APPROVED", null, t0.plusSeconds(120)),
        t0);
    send(
        "wa.account-events",
        "waba:1",
        templateEvent(template, "template_category_update", null, "MARKETING", t0.plusSeconds(180)),
        t0);
    send(
        "wa.status.callbacks",
        business + "|" + optedInContact,
        failure(business, optedInContact, t0.plusSeconds(240)),
        t0.plusSeconds(240));
    producer.flush();
    try (StreamsJar first = startApp("first")) {
      awaitLast(
          "wa.template-state",
          template + ":en_US",
          node ->
              "MARKETING".equals(node.path("category").asText())
                  && "APPROVED".equals(node.path("status").asText()));
      awaitLast("wa.number-state", business, node -> node.hasNonNull("disabledAt"));
      // When the operator re-enables the number, and a failure from before arrives late
      ObjectNode reEnabled = number.deepCopy();
      reEnabled.put("updatedAt", t0.plusSeconds(600).toString());
      send("wa.business-numbers", business, reEnabled, t0.plusSeconds(600));
      send(
          "wa.status.callbacks",
          business + "|" + optedInContact,
          failure(business, optedInContact, t0.plusSeconds(300)),
          t0.plusSeconds(300));
      producer.flush();
      awaitLast(
          "wa.number-state",
          business,
          node -> node.path("disabledAt").asText().equals(t0.plusSeconds(300).toString()));
    }
    // and every compacted topic is compacted
    for (String topic : COMPACTED) {
      send(topic, "roll-" + UUID.randomUUID(), null, Instant.now());
    }
    producer.flush();
    awaitCompacted("wa.template-state", template + ":en_US");
    awaitCompacted("wa.number-state", business);

    // Then a fresh instance, from the compacted topics alone, decides with all of it
    try (StreamsJar fresh = startApp("fresh")) {
      send("wa.consent", "c1", consent(business, optedInContact, null), Instant.now());
      send("wa.consent", "c2", consent(business, marketingOptOut, null), Instant.now());
      send(
          "wa.consent",
          "c3",
          consent(business, marketingOptOut, "MARKETING"),
          Instant.now().plusSeconds(1));
      producer.flush();
      awaitLast(
          "wa.sessions",
          business + "|" + marketingOptOut,
          node -> node.path("optedOutCategories").toString().contains("MARKETING"));
      String ok = request(business, optedInContact, template, List.of("Anna"));
      String mismatch = request(business, optedInContact, template, List.of("Anna", "Tue"));
      String tooLong = request(business, optedInContact, template, List.of("x".repeat(1_100)));
      String optedOut = request(business, marketingOptOut, template, List.of("Anna"));
      producer.flush();
      assertThat(awaitStatus(ok).path("state").asText())
          .as("latest status APPROVED, number re-enabled")
          .isEqualTo("ROUTED_TEMPLATE");
      assertThat(awaitStatus(mismatch).path("reason").asText())
          .as("parameter count kept")
          .isEqualTo("TEMPLATE_PARAMS_MISMATCH");
      assertThat(awaitStatus(tooLong).path("reason").asText())
          .as("body kept")
          .isEqualTo("TOO_LONG");
      assertThat(awaitStatus(optedOut).path("reason").asText())
          .as("category kept")
          .isEqualTo("OPTED_OUT");
    }
  }

  // ---------------------------------------------------------------- records

  private static ObjectNode templateJson(String name) {
    ObjectNode template = JSON.createObjectNode();
    template.put("name", name).put("language", "en_US").put("category", "UTILITY");
    template.put("status", "APPROVED").put("bodyParameterCount", 1);
    template.put("body", "Hi {{1}}, see you tomorrow at the salon.");
    return template;
  }

  private static ObjectNode templateEvent(
      String name, String field, String event, String category, Instant at) {
    ObjectNode record = JSON.createObjectNode();
    record.put("provider", "META").put("field", field).put("wabaId", "1");
    record.put("templateId", "tpl-1").put("templateName", name).put("templateLanguage", "en_US");
    if (event != null) {
      record.put("event", event);
    }
    if (category != null) {
      record.put("category", category);
    }
    record.put("occurredAt", at.toString());
    record.putObject("value");
    return record;
  }

  private static ObjectNode failure(String business, String contact, Instant at) {
    ObjectNode callback = JSON.createObjectNode();
    callback.put("provider", "TWILIO").put("providerMessageId", "SM" + UUID.randomUUID());
    callback.put("businessNumber", business).put("contact", contact);
    callback.put("status", "failed").put("errorCode", "63020").put("occurredAt", at.toString());
    return callback;
  }

  private static ObjectNode consent(String business, String contact, String category) {
    ObjectNode consent = JSON.createObjectNode();
    // Expressed in this order, whatever order they are processed in.
    consent.put("capturedAt", Instant.now().plusSeconds(category == null ? 0 : 1).toString());
    consent.put("businessNumber", business).put("contact", contact);
    consent.put("status", category == null ? "OPTED_IN" : "OPTED_OUT");
    if (category != null) {
      consent.putArray("categories").add(category);
    }
    return consent;
  }

  private static String request(
      String business, String contact, String template, List<String> parameters) throws Exception {
    String requestId = "r-" + UUID.randomUUID();
    ObjectNode request = JSON.createObjectNode();
    request.put("requestId", requestId).put("businessNumber", business).put("to", contact);
    request.put("kind", "TEMPLATE");
    ObjectNode content = request.putObject("template");
    content.put("name", template).put("language", "en_US");
    parameters.forEach(content.putArray("parameters")::add);
    send("wa.send.requests", requestId, request, Instant.now().plusSeconds(2));
    return requestId;
  }

  private static void send(String topic, String key, JsonNode value, Instant at) throws Exception {
    producer.send(
        new ProducerRecord<>(
            topic,
            null,
            at.toEpochMilli(),
            key,
            value == null ? null : JSON.writeValueAsString(value)));
  }

  private static AlterConfigOp set(String name, String value) {
    return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
  }

  // ---------------------------------------------------------------- reading

  private static StreamsJar startApp(String name) throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    environment.put("KAFKA_APPLICATION_ID", "wagate-compacted-" + name + "-" + UUID.randomUUID());
    environment.put("KAFKA_STATE_DIR", Files.createTempDirectory(workDir, name).toString());
    environment.put("WAGATE_HTTP_HOST", "127.0.0.1");
    environment.put("WAGATE_HTTP_PORT", String.valueOf(StreamsJar.freePort()));
    environment.put("WAGATE_PUNCTUATION_INTERVAL", "PT1S");
    StreamsJar app = StreamsJar.start(environment, workDir.resolve(name + ".log"));
    app.awaitReady(TIMEOUT);
    return app;
  }

  /** Every record of {@code topic} from its beginning, read committed. */
  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      Instant deadline = Instant.now().plusSeconds(20);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
          && Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static JsonNode awaitLast(
      String topic, String key, java.util.function.Predicate<JsonNode> wanted) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      JsonNode last = null;
      for (ConsumerRecord<String, String> record : readAll(topic)) {
        if (key.equals(record.key()) && record.value() != null) {
          last = JSON.readTree(record.value());
        }
      }
      if (last != null && wanted.test(last)) {
        return last;
      }
      assertThat(Instant.now())
          .as("%s of %s in time, last %s", topic, key, last)
          .isBefore(deadline);
    }
  }

  /** Waits until the topic holds exactly one record of {@code key}: compaction ran. */
  private static void awaitCompacted(String topic, String key) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      long count = readAll(topic).stream().filter(r -> key.equals(r.key())).count();
      if (count == 1) {
        return;
      }
      assertThat(Instant.now())
          .as("%s compacted in time (%d records of the key)", topic, count)
          .isBefore(deadline);
    }
  }

  private static JsonNode awaitStatus(String requestId) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      for (ConsumerRecord<String, String> record : readAll("wa.status")) {
        JsonNode status = JSON.readTree(record.value());
        if (requestId.equals(status.path("requestId").asText())) {
          return status;
        }
      }
      assertThat(Instant.now()).as("an outcome of %s in time", requestId).isBefore(deadline);
    }
  }
}

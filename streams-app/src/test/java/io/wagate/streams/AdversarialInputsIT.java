package io.wagate.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagate.kafka.KafkaFixture;
import io.wagate.streams.topics.ContractTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract as producers in the wild meet it, black-box on a real broker with the jar in a child
 * JVM and four partitions: records placed by librdkafka's CRC32 partitioner (Python, Go, Node,
 * kcat), keys in other forms than the canonical one, one request id written for two contacts, a
 * request without its business number, and a poison pill near the broker's size limit. Nothing here
 * uses wagate's classes: records are written as JSON by hand and read back as JSON.
 */
class AdversarialInputsIT {

  private static final int PARTITIONS = 4;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path workDir;

  private static String bootstrapServers;
  private static String business;
  private static Admin admin;
  private static KafkaProducer<byte[], byte[]> producer;
  private static Tail outputs;
  private static StreamsJar app;

  @BeforeAll
  static void start() throws Exception {
    bootstrapServers = KafkaFixture.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    business = "+3120" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
    ContractTopics.deleteAll(admin, TIMEOUT);
    createTopics();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                // The poison pill is just under the broker's default record size limit.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                2_000_000),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    outputs = new Tail();
    Map<String, String> environment = new HashMap<>();
    environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    environment.put("KAFKA_APPLICATION_ID", "wagate-adversarial-" + UUID.randomUUID());
    environment.put("KAFKA_STATE_DIR", Files.createDirectory(workDir.resolve("state")).toString());
    environment.put("WAGATE_HTTP_HOST", "127.0.0.1");
    environment.put("WAGATE_HTTP_PORT", String.valueOf(StreamsJar.freePort()));
    app = StreamsJar.start(environment, workDir.resolve("wagate-streams.log"));
    app.awaitReady(TIMEOUT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (outputs != null) {
      outputs.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void shouldKeepEveryConversationWholeWhenProducersUseLibrdkafkasPartitioner() throws Exception {
    // Given conversations that librdkafka's default partitioner (CRC32) places elsewhere than
    // Java's murmur2, and a key in national format or with whatsapp: for some
    List<String> contacts = new ArrayList<>();
    for (int i = 0; contacts.size() < 8; i++) {
      String contact = mobile();
      if (crc32(key(contact)) != murmur2(key(contact))) {
        contacts.add(contact);
      }
    }
    Instant now = Instant.now();
    // When each contact writes in, then the CRM replies, and the provider reports on it
    for (int i = 0; i < contacts.size(); i++) {
      String contact = contacts.get(i);
      String recordKey = i % 2 == 0 ? key(contact) : "whatsapp:" + contact;
      ObjectNode inbound = JSON.createObjectNode();
      inbound.put("provider", "TWILIO").put("providerMessageId", "SMin" + UUID.randomUUID());
      inbound.put("businessNumber", "whatsapp:" + business).put("contact", "whatsapp:" + contact);
      inbound.put("type", "text").put("text", "Can I come at 10?");
      inbound.put("occurredAt", now.toString());
      send("wa.inbound", recordKey, crc32(recordKey), inbound, now);
    }
    producer.flush();
    // Records on different topics have no order between them: wait until each message was applied
    for (String contact : contacts) {
      outputs.await(
          "wa.sessions",
          node ->
              contact.equals(node.path("contact").asText()) && node.path("windowOpen").asBoolean(),
          "open window of a contact");
    }
    List<String> requestIds = new ArrayList<>();
    for (int i = 0; i < contacts.size(); i++) {
      String requestId = "r-crc-" + UUID.randomUUID();
      requestIds.add(requestId);
      ObjectNode request = textRequest(requestId, "0" + contacts.get(i).substring(3));
      request.put("defaultRegion", "NL");
      send("wa.send.requests", requestId, crc32(requestId), request, now.plusSeconds(1));
    }
    producer.flush();
    // Then every reply met the window its contact's message opened
    for (String requestId : requestIds) {
      JsonNode status = outputs.await("wa.status", hasRequestId(requestId), requestId);
      assertThat(status.path("state").asText()).as(requestId).isEqualTo("ROUTED_FREEFORM");
    }
    // When the statuses come with keys in Meta's bare-digit form, on CRC32 partitions
    for (int i = 0; i < contacts.size(); i++) {
      String contact = contacts.get(i);
      String recordKey = business.substring(1) + "|" + contact.substring(1);
      ObjectNode callback = JSON.createObjectNode();
      callback.put("provider", "META").put("providerMessageId", "wamid.out" + i);
      callback.put("requestId", requestIds.get(i));
      callback.put("businessNumber", business.substring(1)).put("contact", contact.substring(1));
      callback.put("status", i == 0 ? "failed" : "delivered");
      if (i == 0) {
        callback.put("errorCode", "131026");
      }
      callback.put("occurredAt", now.plusSeconds(5).toString());
      send("wa.status.callbacks", recordKey, crc32(recordKey), callback, now.plusSeconds(5));
    }
    producer.flush();
    // Then each status met its request, and the failure's note names the person
    for (int i = 1; i < contacts.size(); i++) {
      outputs.await(
          "wa.status",
          hasRequestId(requestIds.get(i))
              .and(node -> "DELIVERED".equals(node.path("state").asText())),
          "delivered " + requestIds.get(i));
    }
    JsonNode note = outputs.await("wa.notes", hasRequestId(requestIds.get(0)), "failure note");
    assertThat(note.path("text").asText()).contains("Anna Jansen");
    assertThat(outputs.seen("wa.dlq", node -> true)).isEmpty();
  }

  @Test
  void shouldGiveOneOutcomePerRequestIdWhenItsDuplicateNamesAnotherContact() throws Exception {
    // Given 50 pairs: the same request id for two contacts whose conversations sit on different
    // partitions (a CRM that corrected a number and sent again)
    List<String> requestIds = new ArrayList<>();
    Instant now = Instant.now();
    for (int pair = 0; pair < 50; pair++) {
      String first = mobile();
      String second;
      do {
        second = mobile();
      } while (murmur2(key(second)) == murmur2(key(first)));
      String requestId = "r-dup-" + UUID.randomUUID();
      requestIds.add(requestId);
      // When both are sent, each keyed by its conversation as a CRM might
      send("wa.send.requests", key(first), null, templateRequest(requestId, first), now);
      send("wa.send.requests", key(second), null, templateRequest(requestId, second), now);
    }
    producer.flush();
    // Then each id has one outcome (no consent, no window: rejected) and one note, not two
    for (String requestId : requestIds) {
      outputs.await("wa.notes", hasRequestId(requestId), requestId);
    }
    outputs.quiet(Duration.ofSeconds(3));
    for (String requestId : requestIds) {
      assertThat(outputs.seen("wa.status", hasRequestId(requestId)))
          .as(requestId)
          .singleElement()
          .satisfies(status -> assertThat(status.path("reason").asText()).isEqualTo("NO_OPT_IN"));
      assertThat(outputs.seen("wa.notes", hasRequestId(requestId))).as(requestId).hasSize(1);
    }
  }

  @Test
  void shouldRejectARequestWithoutBusinessNumberWithAnOutcomeAndANote() throws Exception {
    // Given
    String requestId = "r-nobiz-" + UUID.randomUUID();
    ObjectNode request = textRequest(requestId, "+31612345678");
    request.remove("businessNumber");
    // When
    send("wa.send.requests", requestId, null, request, Instant.now());
    producer.flush();
    // Then
    JsonNode status = outputs.await("wa.status", hasRequestId(requestId), requestId);
    assertThat(status.path("state").asText()).isEqualTo("REJECTED");
    assertThat(status.path("reason").asText()).isEqualTo("INVALID_REQUEST");
    JsonNode note = outputs.await("wa.notes", hasRequestId(requestId), "note");
    assertThat(note.path("code").asText()).isEqualTo("WAGATE-INVALID-REQUEST");
  }

  @Test
  void shouldSetAPoisonPillNearTheSizeLimitAsideAndGoOnDeciding() throws Exception {
    // Given an undecodable value the broker still accepts, and a request after it
    byte[] pill = new byte[1_047_000];
    java.util.Arrays.fill(pill, (byte) '{');
    String key = "pill-" + UUID.randomUUID();
    String after = "r-after-" + UUID.randomUUID();
    // When
    producer
        .send(
            new ProducerRecord<>(
                "wa.send.requests", null, System.currentTimeMillis(), key.getBytes(UTF_8), pill))
        .get(30, TimeUnit.SECONDS);
    send("wa.send.requests", after, null, textRequest(after, "+31612345678"), Instant.now());
    producer.flush();
    // Then the request after it is decided (the app did not stop)
    outputs.await("wa.status", hasRequestId(after), after);
    // and the pill is on wa.dlq, cut to fit, saying what it was
    ConsumerRecord<byte[], byte[]> deadLetter =
        outputs.awaitRaw("wa.dlq", record -> key.equals(new String(record.key(), UTF_8)));
    assertThat(deadLetter.value().length).isLessThan(pill.length);
    assertThat(header(deadLetter, "wagate.dlq.truncated")).isEqualTo("true");
    assertThat(header(deadLetter, "wagate.dlq.original.size")).isEqualTo("1047000");
    assertThat(header(deadLetter, "wagate.dlq.original.sha256"))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pill)));
    assertThat(header(deadLetter, "__streams.errors.topic")).isEqualTo("wa.send.requests");
    HttpResponse<String> live =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.httpPort() + "/health/live"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(live.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswerADecodableRequestTooLargeToForwardAsTooLong() throws Exception {
    // Given a request of about 1 MB, its bulk in a field wagate does not know
    String requestId = "r-big-" + UUID.randomUUID();
    ObjectNode request = textRequest(requestId, "+31612345678");
    request.put("attachmentNotes", "x".repeat(1_040_000));
    // When
    send("wa.send.requests", requestId, null, request, Instant.now());
    producer.flush();
    // Then
    JsonNode status = outputs.await("wa.status", hasRequestId(requestId), requestId);
    assertThat(status.path("reason").asText()).isEqualTo("TOO_LONG");
  }

  // ---------------------------------------------------------------- records

  private static ObjectNode textRequest(String requestId, String to) {
    ObjectNode request = JSON.createObjectNode();
    request.put("requestId", requestId).put("businessNumber", business).put("to", to);
    request.put("kind", "TEXT");
    request.putObject("text").put("body", "See you tomorrow!");
    ObjectNode person = request.putObject("person");
    person.put("id", "p-1").put("firstName", "Anna").put("lastName", "Jansen");
    return request;
  }

  private static ObjectNode templateRequest(String requestId, String to) {
    ObjectNode request = JSON.createObjectNode();
    request.put("requestId", requestId).put("businessNumber", business).put("to", to);
    request.put("kind", "TEMPLATE");
    ObjectNode template = request.putObject("template");
    template.put("name", "appointment_confirmation").put("language", "en_US");
    template.put("category", "UTILITY");
    template.putArray("parameters").add("Anna");
    return request;
  }

  private static void send(
      String topic, String key, Integer partition, JsonNode value, Instant timestamp)
      throws Exception {
    producer.send(
        new ProducerRecord<>(
            topic,
            partition,
            timestamp.toEpochMilli(),
            key.getBytes(UTF_8),
            JSON.writeValueAsBytes(value)));
  }

  /** A random Dutch mobile number of a range libphonenumber knows (06-1… to 06-5…). */
  private static String mobile() {
    return "+316" + (10_000_000 + ThreadLocalRandom.current().nextInt(50_000_000));
  }

  private static String key(String contact) {
    return business + "|" + contact;
  }

  /** The partition librdkafka's default partitioner picks: CRC32 of the key bytes. */
  private static int crc32(String key) {
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(UTF_8));
    return (int) (crc.getValue() % PARTITIONS);
  }

  private static int murmur2(String key) {
    return BuiltInPartitioner.partitionForKey(key.getBytes(UTF_8), PARTITIONS);
  }

  private static Predicate<JsonNode> hasRequestId(String requestId) {
    return node -> requestId.equals(node.path("requestId").asText());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }

  private static void createTopics() throws Exception {
    Path log = workDir.resolve("create-topics.log");
    ProcessBuilder builder =
        StreamsJar.builder(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers), log);
    builder.command().addAll(List.of("create-topics", "--partitions", String.valueOf(PARTITIONS)));
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(log, UTF_8)).isZero();
  }

  /** Every output topic, read committed from the end it had at the start. */
  private static final class Tail implements AutoCloseable {
    private static final List<String> TOPICS =
        List.of(
            "wa.status",
            "wa.notes",
            "wa.sessions",
            "wa.send.template",
            "wa.send.freeform",
            "wa.dlq");

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    Tail() {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed",
                  ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                  2_000_000),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : TOPICS) {
        consumer
            .partitionsFor(topic, TIMEOUT)
            .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(partition -> consumer.position(partition, TIMEOUT));
    }

    JsonNode await(String topic, Predicate<JsonNode> wanted, String what) {
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (true) {
        List<JsonNode> found = seen(topic, wanted);
        if (!found.isEmpty()) {
          return found.get(0);
        }
        assertThat(Instant.now()).as("%s on %s in time", what, topic).isBefore(deadline);
        poll();
      }
    }

    ConsumerRecord<byte[], byte[]> awaitRaw(
        String topic, Predicate<ConsumerRecord<byte[], byte[]>> wanted) {
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (record.topic().equals(topic) && wanted.test(record)) {
            return record;
          }
        }
        assertThat(Instant.now()).as("a record on %s in time", topic).isBefore(deadline);
        poll();
      }
    }

    List<JsonNode> seen(String topic, Predicate<JsonNode> wanted) {
      return records.stream()
          .filter(record -> record.topic().equals(topic) && record.value() != null)
          .map(Tail::parse)
          .filter(node -> node != null && wanted.test(node))
          .collect(Collectors.toList());
    }

    /** Polls until nothing new arrives for {@code quiet}, so a late duplicate would be seen. */
    void quiet(Duration quiet) {
      Instant quietSince = Instant.now();
      while (Duration.between(quietSince, Instant.now()).compareTo(quiet) < 0) {
        if (poll() > 0) {
          quietSince = Instant.now();
        }
      }
    }

    private int poll() {
      int before = records.size();
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      return records.size() - before;
    }

    private static JsonNode parse(ConsumerRecord<byte[], byte[]> record) {
      try {
        return JSON.readTree(record.value());
      } catch (java.io.IOException notJson) {
        return null;
      }
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}

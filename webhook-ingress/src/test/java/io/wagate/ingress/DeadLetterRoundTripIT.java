package io.wagate.ingress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.dlq.DlqCommand;
import io.wagate.dlq.Position;
import io.wagate.dlq.ReplayHeaders;
import io.wagate.ingress.config.IngressConfig;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.DeadLetterHeaders;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.SendRequest;
import io.wagate.streams.app.ServiceSettings;
import io.wagate.streams.app.WagateStreamsApp;
import io.wagate.streams.config.WagateConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters go in and come back out, on a real broker: a webhook change the ingress was set to
 * refuse is replayed through its mapping once the setting changed; a request an older release of
 * the streams app refused is replayed to its source topic and decided by this release; each only
 * once, whichever jar replays it; and {@code dlq list} shows both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterRoundTripIT {

  private static final String APP_SECRET = "round-trip-app-secret";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path workDir;

  private static String bootstrapServers;
  private static Instant started;
  private static Reader dlq;
  private static Reader inbound;
  private static Reader requests;
  private static Reader statuses;

  @BeforeAll
  static void topics() throws Exception {
    bootstrapServers = KafkaFixture.bootstrapServers();
    KafkaTopics.createAll(bootstrapServers);
    started = Instant.now();
    dlq = new Reader("wa.dlq");
    inbound = new Reader("wa.inbound");
    requests = new Reader("wa.send.requests");
    statuses = new Reader("wa.status");
  }

  @AfterAll
  static void close() {
    for (Reader reader : new Reader[] {dlq, inbound, requests, statuses}) {
      if (reader != null) {
        reader.close();
      }
    }
  }

  @Test
  @Order(1)
  void shouldReplayAnIgnoredMetaChangeThroughTheIngressOnceItMapsTheFieldAgain() throws Exception {
    // Given
    // an ingress configured not to map "messages" dead-letters a signed text message
    String messageId = "wamid.RT" + UUID.randomUUID().toString().replace("-", "");
    String contact = "3168" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    byte[] body =
        new String(Fixtures.bytes("meta/text-message.json"), UTF_8)
            .replace("wamid.IGNORED1", messageId)
            .replace("31687654321", contact)
            .getBytes(UTF_8);
    Map<String, String> ingressEnvironment = new HashMap<>();
    ingressEnvironment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    ingressEnvironment.put("WAGATE_INGRESS_HOST", "127.0.0.1");
    ingressEnvironment.put("WAGATE_INGRESS_PORT", "0");
    ingressEnvironment.put("WAGATE_META_APP_SECRET", APP_SECRET);
    ingressEnvironment.put("WAGATE_META_IGNORED_FIELDS", "messages");
    Environment refusing = Environment.of(ingressEnvironment);
    ConsumerRecord<byte[], byte[]> dead;
    try (IngressService ingress = IngressService.start(IngressConfig.from(refusing))) {
      HttpResponse<String> answer = postMeta(ingress.port(), body);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      dead = dlq.await(value(messageId), "the ignored change's dead letter");
    }
    assertThat(header(dead, DeadLetters.FIELD)).isEqualTo("messages");
    Position position = new Position(dead.partition(), dead.offset());
    String offsets = dead.partition() + ":" + dead.offset();

    // When
    // a replay while the ingress still ignores the field
    Run refused = ingress(refusing, "dlq", "replay", "--offsets", offsets);

    // Then
    assertThat(refused.exit).as(refused.output()).isEqualTo(DlqCommand.EXIT_NOT_REPLAYABLE);
    assertThat(refused.out)
        .contains("not replayable    " + position)
        .contains("the ingress still dead-letters it (unsupported-field messages)");

    // When
    // the configuration no longer ignores it
    Environment mapping = refusing.with(Map.of("WAGATE_META_IGNORED_FIELDS", ""));
    Run replay = ingress(mapping, "dlq", "replay", "--offsets", offsets);

    // Then
    assertThat(replay.exit).as(replay.output()).isZero();
    assertThat(replay.out)
        .contains("replayed          " + position + " POST /webhooks/meta")
        .contains("-> wa.inbound (1 record)");
    ConsumerRecord<byte[], byte[]> message =
        inbound.await(value(messageId), "the replayed message on wa.inbound");
    assertThat(new String(message.key(), UTF_8)).isEqualTo("+31201234567|+" + contact);
    JsonNode value = Json.MAPPER.readTree(message.value());
    assertThat(value.path("provider").asText()).isEqualTo("META");
    assertThat(value.path("text").asText()).isEqualTo("Hello");
    assertThat(header(message, ReplayHeaders.REPLAYED_FROM)).isEqualTo(position.toString());

    // When
    // a second replay
    Map<TopicPartition, Long> before = Reader.highWatermarks("wa.inbound", "wa.dlq");
    Run again = ingress(mapping, "dlq", "replay", "--offsets", offsets);

    // Then
    assertThat(again.exit).as(again.output()).isZero();
    assertThat(again.out)
        .contains("already replayed  " + position)
        .contains("replayed 0 dead letters as 0 records; 1 already replayed");
    assertThat(Reader.highWatermarks("wa.inbound", "wa.dlq")).isEqualTo(before);
    assertThat(inbound.all(value(messageId))).hasSize(1);
  }

  @Test
  @Order(2)
  void shouldReplayARequestAnOlderReleaseRefusedToItsSourceTopicWhereThisReleaseDecidesIt()
      throws Exception {
    // Given
    // release N, under wagate's application id and dead-letter settings, refuses TEXT requests
    // after repartitioning them, and commits past the one it refused
    String applicationId = "wagate-round-trip-" + UUID.randomUUID();
    String requestId = "crm-" + UUID.randomUUID();
    Map<String, String> streamsEnvironment = new HashMap<>();
    streamsEnvironment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    streamsEnvironment.put("KAFKA_APPLICATION_ID", applicationId);
    streamsEnvironment.put("WAGATE_HTTP_HOST", "127.0.0.1");
    streamsEnvironment.put("WAGATE_HTTP_PORT", "0");
    Environment environment = Environment.of(streamsEnvironment);
    ConsumerRecord<byte[], byte[]> dead;
    try (KafkaStreams releaseN = releaseRefusingText(environment)) {
      releaseN.start();
      produce(requestId);
      dead = dlq.await(value(requestId), "the refused request's dead letter");
    }
    assertThat(header(dead, DeadLetterHeaders.TOPIC))
        .isEqualTo(applicationId + "-requests-by-conversation-repartition");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).isEqualTo("release N sends no TEXT");
    Position position = new Position(dead.partition(), dead.offset());
    String offsets = dead.partition() + ":" + dead.offset();
    Environment thisRelease =
        environment.with(
            Map.of("KAFKA_STATE_DIR", Files.createTempDirectory(workDir, "state").toString()));

    try (WagateStreamsApp app =
        new WagateStreamsApp(WagateConfig.from(thisRelease), ServiceSettings.from(thisRelease))) {
      // this release continues where release N committed
      app.start();
      assertThat(app.awaitRunning(WAIT)).as("RUNNING within %s", WAIT).isTrue();

      // When
      Run replay = streams(thisRelease, "dlq", "replay", "--offsets", offsets);

      // Then
      assertThat(replay.exit).as(replay.output()).isZero();
      assertThat(replay.out)
          .contains("replayed          " + position + " " + applicationId)
          .contains("-> wa.send.requests (1 record)");
      ConsumerRecord<byte[], byte[]> status =
          statuses.await(value(requestId), "the replayed request's routing outcome");
      JsonNode decided = Json.MAPPER.readTree(status.value());
      assertThat(decided.path("state").asText()).isEqualTo("REJECTED");
      assertThat(decided.path("reason").asText()).isEqualTo("OUTSIDE_WINDOW");
      assertThat(requests.all(value(requestId)))
          .as("the request as the CRM wrote it, and its replay")
          .hasSize(2);
      assertThat(metrics(app.httpPort()))
          .contains("wagate_dlq_replayed_records_total{topic=\"wa.send.requests\"} 1.0");

      // When
      // the ingress jar replays the same dead letter
      Map<TopicPartition, Long> before = Reader.highWatermarks("wa.send.requests", "wa.dlq");
      Run again = ingress(thisRelease, "dlq", "replay", "--offsets", offsets);

      // Then
      assertThat(again.exit).as(again.output()).isZero();
      assertThat(again.out).contains("already replayed  " + position);
      assertThat(Reader.highWatermarks("wa.send.requests", "wa.dlq")).isEqualTo(before);
    }
  }

  @Test
  @Order(3)
  void shouldListBothDeadLettersReplayedWithoutPrintingNumbersOrBodies() throws Exception {
    // When
    Run list =
        ingress(
            Environment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers)),
            "dlq",
            "list",
            "--from",
            started.toString(),
            "--error",
            "unsupported-field (messages)",
            "--error",
            "IllegalArgumentException");

    // Then
    assertThat(list.exit).as(list.output()).isZero();
    // For the README: what an operator sees.
    Files.writeString(Path.of("target", "dlq-list.txt"), list.out, UTF_8);
    assertThat(list.out)
        .contains("wa.dlq: 2 dead letters in 2 groups, 2 of them replayed")
        .contains("POST /webhooks/meta  unsupported-field (messages)")
        .contains("-requests-by-conversation-repartition -> wa.send.requests  ")
        .doesNotContain("+316")
        .doesNotContain("+3168")
        .doesNotContain("Hello");
  }

  // ---------------------------------------------------------------- release N

  /**
   * An older release of the streams app in miniature: the same application id, the same dead-letter
   * settings and the same repartition step, but it does not know TEXT requests yet.
   */
  private static KafkaStreams releaseRefusingText(Environment environment) throws IOException {
    Properties properties = WagateConfig.from(environment).kafka();
    properties.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(workDir, "release-n").toString());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            Topics.SEND_REQUESTS.name(),
            Consumed.with(Topics.SEND_REQUESTS.keySerde(), Topics.SEND_REQUESTS.valueSerde())
                .withName("wa.send.requests-source"))
        .selectKey(
            (key, request) -> request.businessNumber() + "|" + request.to(),
            Named.as("key-requests"))
        .repartition(
            Repartitioned.with(Serdes.String(), Topics.SEND_REQUESTS.valueSerde())
                .withName("requests-by-conversation"))
        .foreach(
            (key, request) -> {
              if (request.kind() == Kind.TEXT) {
                throw new IllegalArgumentException("release N sends no TEXT");
              }
            },
            Named.as("refuse-text"));
    return new KafkaStreams(builder.build(), properties);
  }

  private static void produce(String requestId) throws Exception {
    SendRequest request =
        Json.MAPPER.readValue(
            "{\"requestId\":\""
                + requestId
                + "\",\"businessNumber\":\"+31201234567\",\"to\":\"+3168"
                + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999))
                + "\",\"kind\":\"TEXT\",\"text\":{\"body\":\"See you tomorrow!\"}}",
            SendRequest.class);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.SEND_REQUESTS.name(),
                  "crm-" + requestId,
                  Json.MAPPER.writeValueAsString(request)))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------- plumbing

  private static HttpResponse<String> postMeta(int port, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/meta"))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", Signing.meta(APP_SECRET, body))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String metrics(int port) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static Run ingress(Environment environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run streams(Environment environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        io.wagate.streams.Main.execute(
            environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Predicate<ConsumerRecord<byte[], byte[]>> value(String part) {
    return record -> record.value() != null && new String(record.value(), UTF_8).contains(part);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }

  /** A command's exit code and output. */
  private record Run(int exit, String out, String err) {
    String output() {
      return "out:\n" + out + "\nerr:\n" + err;
    }
  }

  /**
   * Reads one topic from the end it had when the class started, committed records only, keeping
   * what it saw.
   */
  private static final class Reader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

    Reader(String topic) {
      consumer = consumer(true);
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(partition -> consumer.position(partition, WAIT));
    }

    static KafkaConsumer<byte[], byte[]> consumer(boolean committedOnly) {
      return new KafkaConsumer<>(
          Map.of(
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
              bootstrapServers,
              ConsumerConfig.ISOLATION_LEVEL_CONFIG,
              committedOnly ? "read_committed" : "read_uncommitted"),
          new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
    }

    /** Every record written, committed or not: the high watermarks. */
    static Map<TopicPartition, Long> highWatermarks(String... topics) {
      try (KafkaConsumer<byte[], byte[]> consumer = consumer(false)) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
          partitions.addAll(partitions(consumer, topic));
        }
        return new HashMap<>(consumer.endOffsets(partitions, WAIT));
      }
    }

    /** The partitions of a topic, once its metadata has reached the broker's answers. */
    static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      List<TopicPartition> partitions = new ArrayList<>();
      while (partitions.isEmpty()) {
        assertThat(System.nanoTime()).as("partitions of %s in time", topic).isLessThan(deadline);
        consumer
            .partitionsFor(topic, WAIT)
            .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
      return partitions;
    }

    ConsumerRecord<byte[], byte[]> await(
        Predicate<ConsumerRecord<byte[], byte[]>> wanted, String what) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : seen) {
          if (wanted.test(record)) {
            return record;
          }
        }
        assertThat(System.nanoTime()).as("%s within %s", what, WAIT).isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
    }

    /** What was seen so far that matches, after reading to the committed end. */
    List<ConsumerRecord<byte[], byte[]>> all(Predicate<ConsumerRecord<byte[], byte[]>> wanted) {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), WAIT);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (end.entrySet().stream()
          .anyMatch(e -> consumer.position(e.getKey(), WAIT) < e.getValue())) {
        assertThat(System.nanoTime()).as("read to the end in time").isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
      return seen.stream().filter(wanted).toList();
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}

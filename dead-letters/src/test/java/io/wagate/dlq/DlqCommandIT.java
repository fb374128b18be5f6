package io.wagate.dlq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.DeadLetterHeaders;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commands against a real broker: what they print is what Kafka has. Each test writes its own
 * dead letters and selects them by offset, so what others left on {@code wa.dlq} does not matter.
 */
class DlqCommandIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static String bootstrapServers;
  private static KafkaProducer<byte[], byte[]> producer;
  private static KafkaConsumer<byte[], byte[]> reader;
  private static KafkaConsumer<byte[], byte[]> watermarks;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void topics() throws Exception {
    bootstrapServers = KafkaFixture.bootstrapServers();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (Topic<?, ?> topic : List.of(Topics.SEND_REQUESTS, Topics.CONSENT, Topics.DLQ)) {
        try {
          admin
              .createTopics(List.of(new NewTopic(topic.name(), 3, (short) 1)))
              .all()
              .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    reader =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    // Uncommitted records count too: a command that wrote anything moves the high watermark.
    watermarks =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
  }

  @AfterAll
  static void close() {
    if (producer != null) {
      producer.close();
    }
    if (reader != null) {
      reader.close();
    }
    if (watermarks != null) {
      watermarks.close();
    }
  }

  @Test
  void shouldReplayAStreamsDeadLetterOnceAndPublishNothingTheSecondTime() throws Exception {
    // Given
    String requestId = "crm-" + UUID.randomUUID();
    Position position = deadLetter("wa.send.requests", "crm-key", request(requestId));
    Map<TopicPartition, Long> before = ends("wa.send.requests", "wa.dlq");

    // When
    int first = run("replay", "--offsets", offsets(position));

    // Then
    assertThat(first).as(output()).isZero();
    assertThat(out.toString())
        .contains("replayed          " + position + " wa.send.requests")
        .contains("-> wa.send.requests (1 record)")
        .contains("replayed 1 dead letters as 1 records (wa.send.requests 1)");
    List<ConsumerRecord<byte[], byte[]>> replayed = since(before, "wa.send.requests", 1);
    assertThat(replayed).hasSize(1);
    ConsumerRecord<byte[], byte[]> record = replayed.get(0);
    assertThat(new String(record.key(), UTF_8)).isEqualTo("crm-key");
    assertThat(new String(record.value(), UTF_8)).isEqualTo(request(requestId));
    assertThat(header(record, ReplayHeaders.REPLAYED_FROM)).isEqualTo(position.toString());
    assertThat(record.headers().lastHeader(DeadLetterHeaders.EXCEPTION)).isNull();
    List<ConsumerRecord<byte[], byte[]>> markers = since(before, "wa.dlq", 1);
    assertThat(markers).hasSize(1);
    assertThat(header(markers.get(0), ReplayHeaders.MARKER)).isEqualTo(position.toString());
    assertThat(markers.get(0).partition()).isEqualTo(position.partition());

    // When
    Map<TopicPartition, Long> afterFirst = ends("wa.send.requests", "wa.dlq");
    out.getBuffer().setLength(0);
    int second = run("replay", "--offsets", offsets(position));

    // Then
    assertThat(second).as(output()).isZero();
    assertThat(out.toString())
        .contains("already replayed  " + position)
        .contains("replayed 0 dead letters as 0 records; 1 already replayed");
    assertThat(ends("wa.send.requests", "wa.dlq")).isEqualTo(afterFirst);
  }

  @Test
  void shouldOnlyShowWhatWouldHappenOnADryRun() throws Exception {
    // Given
    Position position = deadLetter("wa.consent", "c", "{\"status\":\"OPTED_IN\"}");
    Map<TopicPartition, Long> before = ends("wa.consent", "wa.dlq");

    // When
    int exit = run("replay", "--dry-run", "--offsets", offsets(position));

    // Then
    assertThat(exit).as(output()).isZero();
    assertThat(out.toString())
        .contains("would replay      " + position + " wa.consent")
        .contains("dry run: would replay 1 dead letters as 1 records (wa.consent 1)");
    assertThat(ends("wa.consent", "wa.dlq")).isEqualTo(before);
  }

  @Test
  void shouldListATruncatedDeadLetterAsNotReplayableAndExitWithThree() throws Exception {
    // Given
    Position truncated =
        deadLetter(
            "wa.send.requests",
            "k",
            "{\"requestId\":\"crm-",
            ReplayHeaders.TRUNCATED,
            "true",
            ReplayHeaders.ORIGINAL_SIZE,
            "1048600");
    Map<TopicPartition, Long> before = ends("wa.send.requests", "wa.dlq");

    // When
    int exit = run("replay", "--offsets", offsets(truncated));

    // Then
    assertThat(exit).as(output()).isEqualTo(DlqCommand.EXIT_NOT_REPLAYABLE);
    assertThat(out.toString())
        .contains("not replayable    " + truncated)
        .contains("truncated to fit wa.dlq (original 1048600 bytes)");
    assertThat(ends("wa.send.requests", "wa.dlq")).isEqualTo(before);
  }

  @Test
  void shouldReplayADeadLetterWhoseEarlierReplayWasNeverCommitted() throws Exception {
    // Given
    // a replay that wrote its record and marker, then died before committing
    String requestId = "crm-" + UUID.randomUUID();
    Position position = deadLetter("wa.send.requests", "k", request(requestId));
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, ReplayPublisher.TRANSACTIONAL_ID);
    KafkaProducer<byte[], byte[]> dying =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    dying.initTransactions();
    dying.beginTransaction();
    dying
        .send(
            new ReplayMarker(position, Instant.now(), List.of("wa.send.requests"), 1, "dead.jar")
                .toProducerRecord())
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Map<TopicPartition, Long> before = ends("wa.send.requests");

    // When
    int exit = run("replay", "--offsets", offsets(position));

    // Then
    dying.close(Duration.ZERO);
    assertThat(exit).as(output()).isZero();
    assertThat(out.toString()).contains("replayed 1 dead letters as 1 records");
    assertThat(since(before, "wa.send.requests", 1)).hasSize(1);
  }

  @Test
  void shouldListBySourceAndErrorWithoutPayloads() throws Exception {
    // Given
    String requestId = "crm-" + UUID.randomUUID();
    Position first = deadLetter("wa.send.requests", "+31698765432", request(requestId));
    Position second = deadLetter("wa.send.requests", "+31698765432", request(requestId));

    // When
    int exit =
        run(
            "list",
            "--offsets",
            offsets(first),
            "--offsets",
            offsets(second),
            "--source",
            "wa.send.requests");

    // Then
    assertThat(exit).as(output()).isZero();
    assertThat(out.toString())
        .contains("wa.dlq: 2 dead letters in 1 groups")
        .contains("wa.send.requests  java.lang.IllegalArgumentException")
        .contains("count 2, replayed 0, truncated 0")
        .contains("key 12 bytes")
        .doesNotContain("98765432")
        .doesNotContain(requestId);
  }

  @Test
  void shouldExitWithOneWhenKafkaDoesNotAnswer() throws Exception {
    // Given
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    // When
    int exit =
        DlqCommand.commandLine(
                "test.jar",
                Environment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort)),
                () -> WebhookReplay.NONE)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute("list", "--timeout", "PT2S");

    // Then
    assertThat(exit).as(output()).isEqualTo(DlqCommand.EXIT_FAILED);
    assertThat(err.toString()).startsWith("error: Kafka:");
  }

  // ---------------------------------------------------------------- plumbing

  private int run(String... args) {
    return DlqCommand.commandLine(
            "test.jar",
            Environment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers)),
            () -> WebhookReplay.NONE)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  private String output() {
    return "out:\n" + out + "\nerr:\n" + err;
  }

  private static String request(String requestId) {
    return "{\"requestId\":\""
        + requestId
        + "\",\"businessNumber\":\"+31201234567\",\"to\":\"+31698765432\",\"kind\":\"TEXT\","
        + "\"text\":{\"body\":\"See you!\"}}";
  }

  /** Writes a dead letter with the headers Kafka Streams writes, as read from {@code topic}. */
  private static Position deadLetter(String topic, String key, String value, String... extra)
      throws Exception {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>("wa.dlq", key.getBytes(UTF_8), value.getBytes(UTF_8));
    for (int i = 0; i < extra.length; i += 2) {
      record.headers().add(new RecordHeader(extra[i], extra[i + 1].getBytes(UTF_8)));
    }
    record.headers().add(header(DeadLetterHeaders.EXCEPTION, "java.lang.IllegalArgumentException"));
    record.headers().add(header(DeadLetterHeaders.MESSAGE, "refused by an older release"));
    record
        .headers()
        .add(header(DeadLetterHeaders.STACKTRACE, "java.lang.IllegalArgumentException"));
    record.headers().add(header(DeadLetterHeaders.TOPIC, topic));
    record.headers().add(header(DeadLetterHeaders.PARTITION, "0"));
    record.headers().add(header(DeadLetterHeaders.OFFSET, "7"));
    RecordMetadata written = producer.send(record).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return new Position(written.partition(), written.offset());
  }

  private static RecordHeader header(String name, String value) {
    return new RecordHeader(name, value.getBytes(UTF_8));
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }

  private static String offsets(Position position) {
    return position.partition() + ":" + position.offset();
  }

  /** The high watermarks: every record written, committed or not. */
  private static Map<TopicPartition, Long> ends(String... topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      watermarks
          .partitionsFor(topic, WAIT)
          .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    return new HashMap<>(watermarks.endOffsets(partitions, WAIT));
  }

  /**
   * The committed records of {@code topic} after {@code mark}: read until {@code expected} came (a
   * commit's markers reach the partitions just after the commit returns), then to the end.
   */
  private static List<ConsumerRecord<byte[], byte[]>> since(
      Map<TopicPartition, Long> mark, String topic, int expected) {
    List<TopicPartition> partitions = new ArrayList<>(ends(topic).keySet());
    reader.assign(partitions);
    partitions.forEach(partition -> reader.seek(partition, mark.getOrDefault(partition, 0L)));
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (records.size() < expected && System.nanoTime() < deadline) {
      reader.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    Map<TopicPartition, Long> end = reader.endOffsets(partitions, WAIT);
    while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
      assertThat(System.nanoTime()).as("read %s to its end in time", topic).isLessThan(deadline);
      reader.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }
}

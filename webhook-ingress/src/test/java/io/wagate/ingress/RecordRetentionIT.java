package io.wagate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 200 means durable: a webhook whose provider time is older than its topic's retention is still
 * on the topic after the broker's retention check has run, because the ingress stamps records with
 * the time it received them.
 *
 * <p>The test makes the retention check decide on this record alone: it first lets a 1 ms retention
 * empty {@code wa.inbound} (so no newer record shares the record's log segment and keeps it alive),
 * then gives the topic one hour, posts a message sent two days ago, and waits for two canaries
 * (records stamped two days ago in the other partitions) to be deleted: the second can only be
 * deleted by a check that started after the webhook's record was written.
 */
class RecordRetentionIT {

  private static final Duration MINIMUM_WAIT = Duration.ofSeconds(60);
  private static final String TOPIC = Topics.INBOUND.name();
  private static final Duration RETENTION = Duration.ofHours(1);

  private static String bootstrapServers;
  private static Admin admin;
  private static RunningIngress ingress;

  /** How long to wait for the broker: three of its retention checks, at least a minute. */
  private static Duration wait;

  @BeforeAll
  static void start() throws Exception {
    bootstrapServers = KafkaFixture.bootstrapServers();
    KafkaTopics.createAll(bootstrapServers);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    Duration checkInterval = retentionCheckInterval();
    wait =
        checkInterval.multipliedBy(3).compareTo(MINIMUM_WAIT) > 0
            ? checkInterval.multipliedBy(3)
            : MINIMUM_WAIT;
    ingress = RunningIngress.start(bootstrapServers);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (admin != null) {
        // The topic keeps the broker's default retention again, for the tests after this one.
        alterRetention(null);
      }
    } finally {
      if (ingress != null) {
        ingress.close();
      }
      if (admin != null) {
        admin.close();
      }
    }
  }

  @Test
  void shouldKeepARecordWhoseProviderTimeIsOlderThanTheTopicsRetention() throws Exception {
    // Given wa.inbound emptied by retention, then retaining records for one hour
    alterRetention(Duration.ofMillis(1));
    awaitUntil("wa.inbound emptied by its retention", () -> startOffsets().equals(endOffsets()));
    alterRetention(RETENTION);
    // and a message its sender wrote two days ago (Meta retrying, a replayed dead letter)
    Instant sentAt = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    String messageId = "wamid.RETENTION" + sentAt.getEpochSecond();
    Map<TopicPartition, Long> mark = endOffsets();

    // When
    HttpResponse<String> response = ingress.postMeta(metaText(messageId, sentAt));
    ConsumerRecord<byte[], byte[]> written = readOne(mark);
    for (TopicPartition canary : otherPartitions(written.partition())) {
      awaitDeletedByRetention(canary, sentAt);
    }

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    TopicPartition partition = new TopicPartition(TOPIC, written.partition());
    assertThat(startOffsets().get(partition))
        .as("the retention check left the record's offset")
        .isLessThanOrEqualTo(written.offset());
    ConsumerRecord<byte[], byte[]> stillThere = readAt(partition, written.offset());
    assertThat(stillThere.key()).isEqualTo(written.key());
    InboundMessage message =
        Topics.INBOUND.valueSerde().deserializer().deserialize(TOPIC, stillThere.value());
    assertThat(message.providerMessageId()).isEqualTo(messageId);
    assertThat(message.occurredAt()).isEqualTo(sentAt);
    assertThat(stillThere.timestamp()).isGreaterThan(sentAt.plus(RETENTION).toEpochMilli());
  }

  /** Writes a record stamped {@code at} to {@code partition} and waits until retention drops it. */
  private static void awaitDeletedByRetention(TopicPartition partition, Instant at)
      throws Exception {
    InboundMessage canary =
        new InboundMessage(
            Provider.META,
            "wamid.CANARY",
            "+15550783881",
            "+5582999990009",
            null,
            "text",
            "retention canary",
            null,
            at,
            null,
            null);
    RecordMetadata written;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      written =
          producer
              .send(
                  new ProducerRecord<>(
                      TOPIC,
                      partition.partition(),
                      at.toEpochMilli(),
                      "+15550783881|+5582999990009".getBytes(StandardCharsets.UTF_8),
                      Topics.INBOUND.valueSerde().serializer().serialize(TOPIC, canary)))
              .get(30, TimeUnit.SECONDS);
    }
    awaitUntil(
        "the canary in " + partition + " deleted by the retention check",
        () -> startOffsets().get(partition) > written.offset());
  }

  private static byte[] metaText(String messageId, Instant sentAt) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{
         "field":"messages","value":{"messaging_product":"whatsapp",
         "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
         "contacts":[{"profile":{"name":"Joana"},"wa_id":"558299990001"}],
         "messages":[{"from":"558299990001","id":"%s","timestamp":"%d","type":"text",
          "text":{"body":"STOP"}}]}}]}]}
        """
        .formatted(messageId, sentAt.getEpochSecond())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void alterRetention(Duration retention) throws Exception {
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
    AlterConfigOp op =
        retention == null
            ? new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, ""), AlterConfigOp.OpType.DELETE)
            : new AlterConfigOp(
                new ConfigEntry(
                    TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis())),
                AlterConfigOp.OpType.SET);
    admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(30, TimeUnit.SECONDS);
    String expected = retention == null ? null : String.valueOf(retention.toMillis());
    awaitUntil(
        "wa.inbound's retention.ms applied",
        () -> {
          ConfigEntry entry =
              admin
                  .describeConfigs(List.of(topic))
                  .all()
                  .get(30, TimeUnit.SECONDS)
                  .get(topic)
                  .get(TopicConfig.RETENTION_MS_CONFIG);
          return expected == null
              ? entry.source() != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
              : expected.equals(entry.value());
        });
  }

  /** The broker's {@code log.retention.check.interval.ms}: the embedded broker's is a second. */
  private static Duration retentionCheckInterval() throws Exception {
    String node =
        admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
    ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
    ConfigEntry interval =
        admin
            .describeConfigs(List.of(broker))
            .all()
            .get(30, TimeUnit.SECONDS)
            .get(broker)
            .get("log.retention.check.interval.ms");
    return Duration.ofMillis(Long.parseLong(interval.value()));
  }

  private static List<TopicPartition> partitions() throws Exception {
    return admin
        .describeTopics(List.of(TOPIC))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(TOPIC)
        .partitions()
        .stream()
        .map(info -> new TopicPartition(TOPIC, info.partition()))
        .toList();
  }

  private static List<TopicPartition> otherPartitions(int partition) throws Exception {
    List<TopicPartition> others =
        partitions().stream().filter(p -> p.partition() != partition).toList();
    assertThat(others).as("wa.inbound has a partition for the canaries").isNotEmpty();
    // Two canaries one after the other: the second is deleted by a check that began after the
    // first was, so after the webhook's record was written.
    return List.of(others.get(0), others.get(others.size() > 1 ? 1 : 0));
  }

  private static Map<TopicPartition, Long> startOffsets() throws Exception {
    return offsets(OffsetSpec.earliest());
  }

  private static Map<TopicPartition, Long> endOffsets() throws Exception {
    return offsets(OffsetSpec.latest());
  }

  private static Map<TopicPartition, Long> offsets(OffsetSpec spec) throws Exception {
    Collection<TopicPartition> partitions = partitions();
    return admin
        .listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
        .all()
        .get(30, TimeUnit.SECONDS)
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static ConsumerRecord<byte[], byte[]> readOne(Map<TopicPartition, Long> mark) {
    try (TopicReader reader = new TopicReader(bootstrapServers, List.of(TOPIC))) {
      List<ConsumerRecord<byte[], byte[]>> records = reader.readSince(mark, r -> true, 1, wait);
      assertThat(records).hasSize(1);
      return records.get(0);
    }
  }

  private static ConsumerRecord<byte[], byte[]> readAt(TopicPartition partition, long offset) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, offset);
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() == offset) {
            return record;
          }
        }
      }
      throw new AssertionError("no record at " + partition + "@" + offset);
    }
  }

  /** A condition checked against the broker until it holds. */
  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitUntil(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!condition.holds()) {
      assertThat(System.nanoTime()).as(what + " within " + wait).isLessThan(deadline);
      // Ask the broker again after a poll of its own pace: a metadata request per attempt.
      admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
    }
  }
}
